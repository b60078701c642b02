// Result<T>: a value or an Error, instead of exceptions across the event loop or `bool *ok`.
// Qt Core only; shared by device and server.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace outpost {

// An error that says what went wrong (a stable machine-readable code and a sentence for
// people) and whether retrying the same thing later can help.
struct Error
{
    QString code;    // stable, snake_case: "wrong_passphrase", "invalid_form", ...
    QString message; // for people; names the field / file / thing concerned
    bool permanent = true;

    bool isPermanent() const { return permanent; }

    static Error permanentError(QString code, QString message)
    {
        return Error{std::move(code), std::move(message), true};
    }
    static Error transientError(QString code, QString message)
    {
        return Error{std::move(code), std::move(message), false};
    }
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Precondition: ok().
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    // Precondition: !ok().
    const Error &error() const { return std::get<1>(m_data); }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace outpost
