#pragma once
// The schema of the SQLite storage as ordered migrations: step i brings the database from
// version i to i + 1. Never edit a released step; add a new one.
#include <string>
#include <vector>

namespace vanthu::docmgmt::schema {

/// Each migration is a list of SQL statements run in one transaction.
const std::vector<std::vector<std::string>>& migrations();

} // namespace vanthu::docmgmt::schema
