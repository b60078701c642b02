// RAII write transaction: BEGIN IMMEDIATE at construction (takes the write lock at once,
// waiting up to the busy timeout, so a transaction never fails half-way on "database is
// locked"), ROLLBACK on destruction unless commit() succeeded.
//
// Any failed statement ends the whole transaction (the callers return the error and this
// rolls back), so no statement ever needs to be undone alone. That is why the store writes
// `UPDATE OR FAIL`: a plain UPDATE (ABORT) makes SQLite keep a statement journal, a copy of
// every page the statement touches, each one encrypted by SQLCipher: 100 single-row updates
// of the records table took 10 ms of CPU that way and 1.5 ms with OR FAIL (4 KiB pages;
// 21 vs 1.7 ms with 16 KiB pages). For one row, FAIL and ABORT leave the same database.
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
