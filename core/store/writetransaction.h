// RAII write transaction: BEGIN IMMEDIATE at construction (takes the write lock at once,
// waiting up to the busy timeout, so a transaction never fails half-way on "database is
// locked"), ROLLBACK on destruction unless commit() succeeded.
#pragma once

#include "result.h"

namespace outpost {

class SqliteDatabase;

class WriteTransaction
{
public:
    explicit WriteTransaction(SqliteDatabase &db); // not owned; check begun()
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    const Status &begun() const { return m_begin; }
    Status commit();

private:
    SqliteDatabase &m_db;
    Status m_begin;
    bool m_open = false;
};

// Read transaction: one consistent snapshot for several SELECTs (BEGIN DEFERRED).
class ReadTransaction
{
public:
    explicit ReadTransaction(SqliteDatabase &db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;
    const Status &begun() const { return m_begin; }

private:
    SqliteDatabase &m_db;
    Status m_begin;
};

} // namespace outpost
