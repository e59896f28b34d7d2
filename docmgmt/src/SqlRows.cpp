#include "SqlRows.hpp"

#include <Poco/String.h>
#include <libpq-fe.h>

#include <charconv>
#include <stdexcept>

namespace vanthu::docmgmt::sql {

Rows::Rows(const Poco::Data::Statement& executed, std::size_t affected)
    : sqlite_(std::make_shared<Poco::Data::RecordSet>(executed)), affected_(affected) {}

Rows::Rows(std::shared_ptr<pg_result> result) : postgres_(std::move(result)) {}

std::size_t Rows::affected() const {
    if (!postgres_) {
        return affected_;
    }
    // PQcmdTuples: the count of an INSERT, UPDATE, DELETE (or SELECT) as text; "" for others.
    const char* count = PQcmdTuples(postgres_.get());
    return count && *count ? static_cast<std::size_t>(std::stoull(count)) : 0;
}

std::size_t Rows::size() const {
    return sqlite_ ? sqlite_->rowCount() : static_cast<std::size_t>(PQntuples(postgres_.get()));
}

bool Rows::moveFirst() {
    row_ = 0;
    return row_ < size();
}

bool Rows::moveNext() {
    if (row_ < size()) {
        ++row_;
    }
    return row_ < size();
}

int Rows::postgresColumn(const std::string& name) const {
    const int column = PQfnumber(postgres_.get(), name.c_str());
    if (column < 0) {
        throw std::out_of_range("PostgreSQL: no column " + name + " in the result");
    }
    return column;
}

std::size_t Rows::sqliteColumn(const std::string& name) const {
    for (std::size_t column = 0; column < sqlite_->columnCount(); ++column) {
        if (Poco::icompare(sqlite_->columnName(column), name) == 0) {
            return column;
        }
    }
    throw std::out_of_range("SQLite: no column " + name + " in the result");
}

bool Rows::isNull(const std::string& column) const {
    return nullAt(sqlite_ ? sqliteColumn(column)
                          : static_cast<std::size_t>(postgresColumn(column)));
}
bool Rows::isNull(std::size_t column) const {
    return nullAt(column);
}
std::string Rows::text(const std::string& column) const {
    return textAt(sqlite_ ? sqliteColumn(column)
                          : static_cast<std::size_t>(postgresColumn(column)));
}
std::string Rows::text(std::size_t column) const {
    return textAt(column);
}
std::int64_t Rows::integer(const std::string& column) const {
    return integerAt(sqlite_ ? sqliteColumn(column)
                             : static_cast<std::size_t>(postgresColumn(column)));
}
std::int64_t Rows::integer(std::size_t column) const {
    return integerAt(column);
}
std::string Rows::blob(const std::string& column) const {
    return blobAt(sqlite_ ? sqliteColumn(column)
                          : static_cast<std::size_t>(postgresColumn(column)));
}
std::string Rows::blob(std::size_t column) const {
    return blobAt(column);
}

bool Rows::nullAt(std::size_t column) const {
    if (sqlite_) {
        return sqlite_->isNull(column, row_);
    }
    return PQgetisnull(postgres_.get(), static_cast<int>(row_), static_cast<int>(column)) != 0;
}

std::string Rows::textAt(std::size_t column) const {
    if (nullAt(column)) {
        return {};
    }
    if (sqlite_) {
        return sqlite_->value(column, row_).convert<std::string>();
    }
    const auto row = static_cast<int>(row_);
    const auto col = static_cast<int>(column);
    return std::string(PQgetvalue(postgres_.get(), row, col),
                       static_cast<std::size_t>(PQgetlength(postgres_.get(), row, col)));
}

std::int64_t Rows::integerAt(std::size_t column) const {
    if (nullAt(column)) {
        return 0;
    }
    if (sqlite_) {
        return sqlite_->value(column, row_).convert<Poco::Int64>();
    }
    const std::string value = textAt(column);
    if (value == "t" || value == "f") { // a boolean (EXISTS …)
        return value == "t" ? 1 : 0;
    }
    std::int64_t out = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (error != std::errc() || end != value.data() + value.size()) {
        throw std::runtime_error(std::string("PostgreSQL: column ") +
                                 PQfname(postgres_.get(), static_cast<int>(column)) +
                                 " is not an integer: " + value);
    }
    return out;
}

std::string Rows::blobAt(std::size_t column) const {
    if (nullAt(column)) {
        return {};
    }
    if (sqlite_) {
        const auto bytes = sqlite_->value(column, row_).extract<Poco::Data::BLOB>();
        return std::string(reinterpret_cast<const char*>(bytes.rawContent()), bytes.size());
    }
    std::size_t length = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(
                            postgres_.get(), static_cast<int>(row_), static_cast<int>(column))),
                        &length);
    if (bytes == nullptr) {
        throw std::bad_alloc();
    }
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
}

} // namespace vanthu::docmgmt::sql
