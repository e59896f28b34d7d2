#include "SqliteMigrations.hpp"

namespace vanthu::docmgmt::sqlite {

// Portable SQL where it can be (docs/storage.md lists what a PostgreSQL storage changes):
// INTEGER PRIMARY KEY becomes BIGINT GENERATED ALWAYS AS IDENTITY, the triggers become
// PL/pgSQL functions, TEXT stays TEXT.
const std::vector<std::vector<std::string>>& migrations() {
    static const std::vector<std::vector<std::string>> steps = {
        // 1: offices, users, documents and their versions, the outgoing register, audit trail.
        {
            R"(CREATE TABLE offices (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                parent_body TEXT NOT NULL DEFAULT '',
                system TEXT NOT NULL CHECK (system IN ('state', 'party')),
                parent_id INTEGER REFERENCES offices(id),
                issuer_code TEXT NOT NULL,
                place TEXT NOT NULL,
                seal_key TEXT NOT NULL DEFAULT '',
                term TEXT NOT NULL DEFAULT ''))",
            R"(CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                username TEXT NOT NULL UNIQUE,
                full_name TEXT NOT NULL,
                role TEXT NOT NULL
                    CHECK (role IN ('clerk', 'specialist', 'leader', 'administrator')),
                title TEXT NOT NULL DEFAULT '',
                signing_key TEXT NOT NULL DEFAULT '',
                password_hash TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1))",
            R"(CREATE TABLE documents (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                author_id INTEGER NOT NULL REFERENCES users(id),
                signer_id INTEGER REFERENCES users(id),
                state TEXT NOT NULL CHECK (state IN
                    ('draft', 'submitted', 'returned', 'approved', 'signed', 'issued')),
                type_code TEXT NOT NULL,
                subject TEXT NOT NULL,
                content TEXT NOT NULL,
                draft TEXT NOT NULL,
                version INTEGER NOT NULL,
                return_comment TEXT NOT NULL DEFAULT '',
                prepared_pdf TEXT NOT NULL DEFAULT '',
                prepared_chain TEXT NOT NULL DEFAULT '',
                signed_pdf TEXT NOT NULL DEFAULT '',
                issued_pdf TEXT NOT NULL DEFAULT '',
                number INTEGER,
                year INTEGER NOT NULL DEFAULT 0,
                series TEXT NOT NULL DEFAULT '',
                notation TEXT NOT NULL DEFAULT '',
                issued_date TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))",
            "CREATE INDEX documents_office_state ON documents (office_id, state)",
            R"(CREATE TRIGGER documents_issued_never_change BEFORE UPDATE ON documents
                WHEN OLD.state = 'issued'
                BEGIN SELECT RAISE(ABORT, 'an issued document never changes'); END)",
            R"(CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
                BEGIN SELECT RAISE(ABORT, 'documents are never deleted'); END)",
            R"(CREATE TABLE document_versions (
                document_id INTEGER NOT NULL REFERENCES documents(id),
                version INTEGER NOT NULL,
                content TEXT NOT NULL,
                draft TEXT NOT NULL,
                author_id INTEGER NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                PRIMARY KEY (document_id, version)))",
            R"(CREATE TABLE register_counters (
                office_id INTEGER NOT NULL REFERENCES offices(id),
                period TEXT NOT NULL,
                series TEXT NOT NULL,
                last_number INTEGER NOT NULL,
                PRIMARY KEY (office_id, period, series)))",
            R"(CREATE TABLE outgoing_register (
                office_id INTEGER NOT NULL REFERENCES offices(id),
                period TEXT NOT NULL,
                series TEXT NOT NULL,
                number INTEGER NOT NULL CHECK (number > 0),
                year INTEGER NOT NULL,
                document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
                notation TEXT NOT NULL,
                issued_date TEXT NOT NULL,
                type_name TEXT NOT NULL,
                subject TEXT NOT NULL,
                signer_name TEXT NOT NULL,
                recipients TEXT NOT NULL,
                archive_copy TEXT NOT NULL,
                PRIMARY KEY (office_id, period, series, number)))",
            "CREATE INDEX outgoing_register_year ON outgoing_register (office_id, year)",
            R"(CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                user_id INTEGER,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                object TEXT NOT NULL,
                address TEXT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))",
            "CREATE INDEX audit_log_object ON audit_log (object)",
            R"(CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END)",
            R"(CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END)",
        },
        // 2: sessions kept in the database; users listed by office.
        {
            R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id),
                csrf TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL))",
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            "CREATE INDEX users_office ON users (office_id)",
        },
    };
    return steps;
}

} // namespace vanthu::docmgmt::sqlite
