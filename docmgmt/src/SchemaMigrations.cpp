#include "SchemaMigrations.hpp"

namespace vanthu::docmgmt::schema {

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
        // Routing (issue 5): offices hosted by peer servers, each issued document's exchange
        // identifier and reply link, its recipients and their statuses, incoming documents and
        // the incoming register, and the exchange outbox.
        {
            "ALTER TABLE offices ADD COLUMN peer TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE documents ADD COLUMN exchange_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE documents ADD COLUMN reply_to_incoming INTEGER",
            "ALTER TABLE documents ADD COLUMN response_for TEXT NOT NULL DEFAULT ''",
            "CREATE UNIQUE INDEX documents_exchange_id ON documents (exchange_id) "
            "WHERE exchange_id <> ''",
            R"(CREATE TABLE incoming_documents (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                state TEXT NOT NULL CHECK (state IN
                    ('arrived', 'refused', 'registered', 'assigned', 'in_progress', 'done')),
                channel TEXT NOT NULL CHECK (channel IN ('local', 'edxml', 'paper')),
                package_id TEXT NOT NULL,
                exchange_id TEXT NOT NULL DEFAULT '',
                sender_code TEXT NOT NULL DEFAULT '',
                sender_name TEXT NOT NULL,
                sender_peer TEXT NOT NULL DEFAULT '',
                number TEXT NOT NULL DEFAULT '',
                notation TEXT NOT NULL DEFAULT '',
                issued_date TEXT NOT NULL DEFAULT '',
                place TEXT NOT NULL DEFAULT '',
                type_code TEXT NOT NULL DEFAULT '',
                type_name TEXT NOT NULL DEFAULT '',
                subject TEXT NOT NULL,
                signer_name TEXT NOT NULL DEFAULT '',
                signer_position TEXT NOT NULL DEFAULT '',
                recipients TEXT NOT NULL DEFAULT '',
                due_date TEXT NOT NULL DEFAULT '',
                response_for TEXT NOT NULL DEFAULT '',
                urgency TEXT NOT NULL DEFAULT '',
                secrecy TEXT NOT NULL DEFAULT '',
                pdf TEXT NOT NULL,
                signature_status TEXT NOT NULL,
                signature_report TEXT NOT NULL DEFAULT '',
                received_at TEXT NOT NULL,
                entered_by INTEGER REFERENCES users(id),
                refuse_reason TEXT NOT NULL DEFAULT '',
                arrival_number INTEGER,
                arrival_date TEXT NOT NULL DEFAULT '',
                arrival_year INTEGER NOT NULL DEFAULT 0,
                assignee_id INTEGER REFERENCES users(id),
                assigned_unit TEXT NOT NULL DEFAULT '',
                assigned_by INTEGER REFERENCES users(id),
                deadline TEXT NOT NULL DEFAULT '',
                instructions TEXT NOT NULL DEFAULT '',
                assigned_at TEXT NOT NULL DEFAULT '',
                started_at TEXT NOT NULL DEFAULT '',
                done_at TEXT NOT NULL DEFAULT '',
                done_note TEXT NOT NULL DEFAULT '',
                reply_document_id INTEGER REFERENCES documents(id),
                updated_at TEXT NOT NULL,
                UNIQUE (office_id, package_id)))",
            "CREATE INDEX incoming_documents_office ON incoming_documents (office_id, state)",
            "CREATE UNIQUE INDEX incoming_register_number ON incoming_documents "
            "(office_id, arrival_year, arrival_number) WHERE arrival_number IS NOT NULL",
            R"(CREATE TRIGGER incoming_documents_never_deleted BEFORE DELETE ON incoming_documents
                BEGIN SELECT RAISE(ABORT, 'documents are never deleted'); END)",
            R"(CREATE TABLE incoming_attachments (
                incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                blob TEXT NOT NULL,
                PRIMARY KEY (incoming_id, position)))",
            R"(CREATE TABLE dispatches (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id),
                recipient_code TEXT NOT NULL,
                recipient_name TEXT NOT NULL,
                channel TEXT NOT NULL CHECK (channel IN ('local', 'edxml', 'paper')),
                peer TEXT NOT NULL DEFAULT '',
                status_code TEXT NOT NULL DEFAULT '',
                status_at TEXT NOT NULL DEFAULT '',
                status_description TEXT NOT NULL DEFAULT '',
                sent_at TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                UNIQUE (document_id, recipient_code)))",
            R"(CREATE TABLE dispatch_statuses (
                dispatch_id INTEGER NOT NULL REFERENCES dispatches(id),
                status_code TEXT NOT NULL,
                at TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                staff TEXT NOT NULL DEFAULT ''))",
            "CREATE INDEX dispatch_statuses_dispatch ON dispatch_statuses (dispatch_id)",
            R"(CREATE TABLE exchange_outbox (
                id INTEGER PRIMARY KEY,
                peer TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('document', 'status')),
                document_id INTEGER NOT NULL,
                recipient_code TEXT NOT NULL,
                package_id TEXT NOT NULL,
                exchange_id TEXT NOT NULL DEFAULT '',
                sender_code TEXT NOT NULL DEFAULT '',
                status_code TEXT NOT NULL DEFAULT '',
                status_description TEXT NOT NULL DEFAULT '',
                status_at TEXT NOT NULL DEFAULT '',
                staff TEXT NOT NULL DEFAULT '',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                delivered_at TEXT NOT NULL DEFAULT ''))",
            "CREATE INDEX exchange_outbox_due ON exchange_outbox (delivered_at, next_attempt_at)",
        },
        // Case files (hồ sơ), the yearly file list (danh mục hồ sơ) and imported documents
        // (issue 6). A closed case file and an imported document never change.
        {
            R"(CREATE TABLE file_list (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                year INTEGER NOT NULL,
                code TEXT NOT NULL,
                title TEXT NOT NULL,
                retention TEXT NOT NULL,
                responsible_id INTEGER REFERENCES users(id),
                note TEXT NOT NULL DEFAULT '',
                UNIQUE (office_id, year, code)))",
            R"(CREATE TABLE case_files (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                list_entry_id INTEGER REFERENCES file_list(id),
                year INTEGER NOT NULL,
                code TEXT NOT NULL,
                title TEXT NOT NULL,
                retention TEXT NOT NULL,
                responsible_id INTEGER REFERENCES users(id),
                rights TEXT NOT NULL,
                language TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
                start_date TEXT NOT NULL DEFAULT '',
                end_date TEXT NOT NULL DEFAULT '',
                doc_total INTEGER NOT NULL DEFAULT 0,
                page_total INTEGER NOT NULL DEFAULT 0,
                closed_at TEXT NOT NULL DEFAULT '',
                archive_due_on TEXT NOT NULL DEFAULT '',
                created_by INTEGER NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (office_id, year, code)))",
            R"(CREATE TRIGGER case_files_closed_never_change BEFORE UPDATE ON case_files
                WHEN OLD.state = 'closed'
                BEGIN SELECT RAISE(ABORT, 'a closed case file never changes'); END)",
            R"(CREATE TABLE case_file_items (
                case_file_id INTEGER NOT NULL REFERENCES case_files(id),
                kind TEXT NOT NULL CHECK (kind IN ('outgoing', 'incoming', 'imported')),
                document_id INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                added_by INTEGER NOT NULL REFERENCES users(id),
                added_at TEXT NOT NULL,
                PRIMARY KEY (case_file_id, ordinal),
                UNIQUE (kind, document_id)))",
            R"(CREATE TRIGGER case_file_items_closed_file BEFORE INSERT ON case_file_items
                WHEN (SELECT state FROM case_files WHERE id = NEW.case_file_id) = 'closed'
                BEGIN SELECT RAISE(ABORT, 'a closed case file never changes'); END)",
            R"(CREATE TABLE imported_documents (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                number TEXT NOT NULL,
                notation TEXT NOT NULL,
                issued_date TEXT NOT NULL,
                year INTEGER NOT NULL,
                issuer TEXT NOT NULL,
                type_name TEXT NOT NULL,
                subject TEXT NOT NULL,
                signer TEXT NOT NULL,
                pdf TEXT NOT NULL,
                pages INTEGER NOT NULL,
                source_file TEXT NOT NULL,
                imported_by INTEGER REFERENCES users(id),
                imported_at TEXT NOT NULL,
                UNIQUE (office_id, year, number, notation, issuer)))",
            R"(CREATE TRIGGER imported_documents_never_change BEFORE UPDATE ON imported_documents
                BEGIN SELECT RAISE(ABORT, 'an imported document never changes'); END)",
        },
        // Text read by OCR from scanned PDFs (docs/search.md, "Scanned pages").
        {
            R"(CREATE TABLE recognised_texts (
                blob TEXT PRIMARY KEY,
                text TEXT NOT NULL))",
        },
        // A real office's administration (issue 13): an office dissolved with its successor
        // (its row and documents kept), a user's unit and a forced password change; sessions
        // of a user found by user.
        {
            "ALTER TABLE offices ADD COLUMN dissolved_on TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE offices ADD COLUMN successor_id INTEGER REFERENCES offices(id)",
            "ALTER TABLE users ADD COLUMN unit TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX sessions_user ON sessions (user_id)",
        },
        // Keys and trust (issue 13): each office's seal and each leader's registered
        // certificate; passwords and PINs only sealed with the installation's key file.
        {
            R"(CREATE TABLE key_records (
                owner TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('pkcs12', 'pkcs11', 'certificate')),
                location TEXT NOT NULL DEFAULT '',
                token TEXT NOT NULL DEFAULT '',
                label TEXT NOT NULL DEFAULT '',
                certificate TEXT NOT NULL DEFAULT '',
                secret TEXT NOT NULL DEFAULT '',
                changed_at TEXT NOT NULL))",
        },
        // Recall and replacement of an issued letter (issue 14 item 1, issue 20 item 5): the
        // issuer's requests, and on each receiver's copy the request, the clerk's answer and
        // what replaced it. The issuer's documents row never changes (its trigger stays).
        {
            R"(CREATE TABLE recall_requests (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id),
                kind TEXT NOT NULL CHECK (kind IN ('recall', 'replacement')),
                reason TEXT NOT NULL,
                replacement_id INTEGER REFERENCES documents(id),
                requested_by INTEGER NOT NULL REFERENCES users(id),
                requested_at TEXT NOT NULL))",
            "CREATE INDEX recall_requests_document ON recall_requests (document_id)",
            R"(CREATE TRIGGER recall_requests_never_change BEFORE UPDATE ON recall_requests
                BEGIN SELECT RAISE(ABORT, 'a recall request never changes'); END)",
            "ALTER TABLE incoming_documents ADD COLUMN recall TEXT NOT NULL DEFAULT '' CHECK "
            "(recall IN ('', 'requested', 'refused', 'recalled', 'replaced'))",
            "ALTER TABLE incoming_documents ADD COLUMN recall_kind TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN recall_reason TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN recall_requested_at TEXT NOT NULL "
            "DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN recall_answer TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN recall_answered_at TEXT NOT NULL "
            "DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN recall_answered_by INTEGER "
            "REFERENCES users(id)",
            "ALTER TABLE incoming_documents ADD COLUMN replaced_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE exchange_outbox ADD COLUMN affects TEXT NOT NULL DEFAULT ''",
        },
        // Duplicate warning (issue 14 item 2): an incoming letter that looks like an earlier
        // entry of the same office points to it ("incoming" or "imported", found by the same
        // identifier or by issuer + number + notation), and the clerk's reason for registering it
        // all the same; an imported row keeps the same two things.
        {
            "ALTER TABLE incoming_documents ADD COLUMN duplicate_kind TEXT NOT NULL DEFAULT '' "
            "CHECK (duplicate_kind IN ('', 'incoming', 'imported'))",
            "ALTER TABLE incoming_documents ADD COLUMN duplicate_of INTEGER",
            "ALTER TABLE incoming_documents ADD COLUMN duplicate_match TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN duplicate_reason TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE imported_documents ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE imported_documents ADD COLUMN duplicate_reason TEXT NOT NULL DEFAULT ''",
        },
        // An outbox item given up (issue 14 item 1): a letter recalled before its package left
        // is not sent; the reason is kept in last_error.
        {
            "ALTER TABLE exchange_outbox ADD COLUMN cancelled_at TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX exchange_outbox_document ON exchange_outbox (document_id)",
        },
        // Notices of access-right changes (Phụ lục VI III.3c): each change of a user's rights
        // waits for an administrator's confirmation. Only the confirmation is ever written
        // after the row, once.
        {
            R"(CREATE TABLE access_notices (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id),
                office_id INTEGER NOT NULL REFERENCES offices(id),
                change TEXT NOT NULL,
                detail TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                confirmed_by INTEGER REFERENCES users(id),
                confirmed_at TEXT NOT NULL DEFAULT ''))",
            "CREATE INDEX access_notices_pending ON access_notices (confirmed_at, office_id)",
            R"(CREATE TRIGGER access_notices_confirmed_once BEFORE UPDATE ON access_notices
                WHEN OLD.confirmed_at <> '' OR NEW.user_id <> OLD.user_id
                  OR NEW.office_id <> OLD.office_id OR NEW.change <> OLD.change
                  OR NEW.detail <> OLD.detail OR NEW.changed_by <> OLD.changed_by
                  OR NEW.changed_at <> OLD.changed_at
                BEGIN SELECT RAISE(ABORT, 'an access notice is only confirmed, once'); END)",
        },
        // 12: administrators per office (issue 19 item 4): an installation administrator manages
        // every office; any other administrator only its own office and those below it. The
        // oldest administrator of an existing installation (the one `vanthu init` made) becomes
        // its installation administrator.
        {
            "ALTER TABLE users ADD COLUMN installation_admin INTEGER NOT NULL DEFAULT 0",
            "UPDATE users SET installation_admin = 1 WHERE id = "
            "(SELECT min(id) FROM users WHERE role = 'administrator')",
        },
        // 13 (issue 17 item 4, paged lists): what makes a page of a list
        // cheap. The outgoing register in its order (issued date, series, number), whole or of
        // one series, and its rows counted per day and series (kept by triggers), so that the
        // total and the day where a page starts are read from at most a few hundred tallies
        // instead of stepping over a year's rows; documents and incoming documents of an office
        // newest first (the rowid order within office_id), and incoming documents of an
        // assignee.
        {
            R"(CREATE TABLE register_day_sizes (
                office_id INTEGER NOT NULL,
                year INTEGER NOT NULL,
                issued_date TEXT NOT NULL,
                series TEXT NOT NULL,
                rows INTEGER NOT NULL,
                PRIMARY KEY (office_id, year, issued_date, series)))",
            "INSERT INTO register_day_sizes (office_id, year, issued_date, series, rows) "
            "SELECT office_id, year, issued_date, series, COUNT(*) FROM outgoing_register "
            "GROUP BY office_id, year, issued_date, series",
            R"(CREATE TRIGGER register_day_sizes_insert AFTER INSERT ON outgoing_register
                BEGIN
                    INSERT OR IGNORE INTO register_day_sizes
                        (office_id, year, issued_date, series, rows)
                        VALUES (NEW.office_id, NEW.year, NEW.issued_date, NEW.series, 0);
                    UPDATE register_day_sizes SET rows = rows + 1
                        WHERE office_id = NEW.office_id AND year = NEW.year
                          AND issued_date = NEW.issued_date AND series = NEW.series;
                END)",
            R"(CREATE TRIGGER register_day_sizes_delete AFTER DELETE ON outgoing_register
                BEGIN
                    UPDATE register_day_sizes SET rows = rows - 1
                        WHERE office_id = OLD.office_id AND year = OLD.year
                          AND issued_date = OLD.issued_date AND series = OLD.series;
                END)",
            R"(CREATE TRIGGER register_day_sizes_update
                AFTER UPDATE OF office_id, year, issued_date, series ON outgoing_register
                BEGIN
                    UPDATE register_day_sizes SET rows = rows - 1
                        WHERE office_id = OLD.office_id AND year = OLD.year
                          AND issued_date = OLD.issued_date AND series = OLD.series;
                    INSERT OR IGNORE INTO register_day_sizes
                        (office_id, year, issued_date, series, rows)
                        VALUES (NEW.office_id, NEW.year, NEW.issued_date, NEW.series, 0);
                    UPDATE register_day_sizes SET rows = rows + 1
                        WHERE office_id = NEW.office_id AND year = NEW.year
                          AND issued_date = NEW.issued_date AND series = NEW.series;
                END)",
            "CREATE INDEX outgoing_register_page ON outgoing_register "
            "(office_id, year, issued_date, series, number)",
            "CREATE INDEX outgoing_register_series_page ON outgoing_register "
            "(office_id, year, series, issued_date, number)",
            "CREATE INDEX documents_office ON documents (office_id)",
            "CREATE INDEX incoming_documents_office_all ON incoming_documents (office_id)",
            "CREATE INDEX incoming_documents_assignee ON incoming_documents "
            "(office_id, assignee_id)",
        },
        // 14: each office's signing policy (issue 21): the PAdES level of the leader's signature
        // and of the seal, the time-stamp authority (its password sealed by SecretBox) and where
        // revocation data comes from. No row: the installation's default.
        {
            R"(CREATE TABLE signing_policies (
                office_id INTEGER PRIMARY KEY REFERENCES offices(id),
                signer_level TEXT NOT NULL CHECK (signer_level IN ('B-B', 'B-T', 'B-LT', 'B-LTA')),
                seal_level TEXT NOT NULL CHECK (seal_level IN ('B-B', 'B-T', 'B-LT', 'B-LTA')),
                tsa TEXT NOT NULL CHECK (tsa IN ('none', 'builtin', 'url')),
                tsa_url TEXT NOT NULL DEFAULT '',
                tsa_username TEXT NOT NULL DEFAULT '',
                tsa_secret TEXT NOT NULL DEFAULT '',
                revocation TEXT NOT NULL CHECK (revocation IN ('aia', 'responders', 'builtin')),
                changed_at TEXT NOT NULL,
                changed_by TEXT NOT NULL))",
        },
        // 15: the national axis (issue 20 item 4): the axis's id of the package that carried an
        // outbox item (one package for all of a document's recipients on the axis) and its
        // delivery to that recipient as getSentEdocList last told it.
        {
            "ALTER TABLE exchange_outbox ADD COLUMN axis_doc_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE exchange_outbox ADD COLUMN axis_receiver_doc_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE exchange_outbox ADD COLUMN axis_receive_status TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE exchange_outbox ADD COLUMN axis_send_status TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE exchange_outbox ADD COLUMN axis_checked_at TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX exchange_outbox_axis ON exchange_outbox (axis_doc_id) "
            "WHERE axis_doc_id <> ''",
        },
        // 16: secret documents and case files limited to named people (issue 14
        // item 6, NĐ 30 Phụ lục VI III.3b): access_limits marks an object ("document/7",
        // "incoming/3", "casefile/2") as limited, access_grants names who may see it; and every
        // reading and download of a document (III.6l, 6a), counted per document.
        {
            R"(CREATE TABLE access_limits (
                object TEXT PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                limited_by INTEGER NOT NULL REFERENCES users(id),
                limited_at TEXT NOT NULL))",
            R"(CREATE TABLE access_grants (
                object TEXT NOT NULL,
                user_id INTEGER NOT NULL REFERENCES users(id),
                granted_by INTEGER NOT NULL REFERENCES users(id),
                granted_at TEXT NOT NULL,
                PRIMARY KEY (object, user_id)))",
            R"(CREATE TABLE document_reads (
                id INTEGER PRIMARY KEY,
                object TEXT NOT NULL,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                user_id INTEGER NOT NULL REFERENCES users(id),
                action TEXT NOT NULL CHECK (action IN ('view', 'download')),
                at TEXT NOT NULL))",
            "CREATE INDEX document_reads_office ON document_reads (office_id, at)",
            "CREATE INDEX document_reads_object ON document_reads (object)",
        },
        // 17: distribution as offices do it (issue 14 item 3): each person an incoming letter is
        // distributed to, with their role (lead handler, co-handler, informed, or one who
        // forwarded it and keeps sight of it) and their own status; the leader's instructions as
        // a dated history that is only ever added to.
        {
            R"(CREATE TABLE incoming_handlers (
                incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
                user_id INTEGER NOT NULL REFERENCES users(id),
                role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'informed', 'forwarded')),
                status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL DEFAULT 0,
                assigned_by INTEGER REFERENCES users(id),
                assigned_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (incoming_id, user_id)))",
            "CREATE INDEX incoming_handlers_user ON incoming_handlers (user_id, role)",
            "INSERT INTO incoming_handlers (incoming_id, user_id, role, status, assigned_by, "
            "assigned_at, updated_at) SELECT id, assignee_id, 'lead', CASE state "
            "WHEN 'done' THEN 'done' WHEN 'in_progress' THEN 'in_progress' ELSE 'assigned' END, "
            "assigned_by, assigned_at, updated_at FROM incoming_documents "
            "WHERE assignee_id IS NOT NULL",
            R"(CREATE TABLE incoming_instructions (
                id INTEGER PRIMARY KEY,
                incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
                author_id INTEGER REFERENCES users(id),
                given_at TEXT NOT NULL,
                text TEXT NOT NULL))",
            "CREATE INDEX incoming_instructions_document ON incoming_instructions (incoming_id, "
            "id)",
            R"(CREATE TRIGGER incoming_instructions_kept BEFORE UPDATE ON incoming_instructions
                BEGIN SELECT RAISE(ABORT, 'an instruction is never changed'); END)",
            R"(CREATE TRIGGER incoming_instructions_never_deleted
                BEFORE DELETE ON incoming_instructions
                BEGIN SELECT RAISE(ABORT, 'an instruction is never deleted'); END)",
            "INSERT INTO incoming_instructions (incoming_id, author_id, given_at, text) "
            "SELECT id, assigned_by, assigned_at, instructions FROM incoming_documents "
            "WHERE instructions <> ''",
        },
        // 18 (issue 15 item 1): case files as NĐ 30 Phụ lục VI asks.
        // - A document may be in any number of case files, without copies (III.4e): the table of
        //   filed documents is rebuilt without UNIQUE (kind, document_id), keeping one entry per
        //   document in each file. Its trigger is created anew under another name (a PostgreSQL
        //   trigger's function keeps the first name).
        // - The handover of a closed file to the agency archive (III.5c): who, when, the SHA-256
        //   of the package handed over; written once, never changed.
        // - The notice, 30 days before a closed file is due at the archive (III.5b), to the
        //   person responsible and to the office's clerks: one per file and person, until read.
        {
            R"(CREATE TABLE case_file_items_18 (
                case_file_id INTEGER NOT NULL REFERENCES case_files(id),
                kind TEXT NOT NULL CHECK (kind IN ('outgoing', 'incoming', 'imported')),
                document_id INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                added_by INTEGER NOT NULL REFERENCES users(id),
                added_at TEXT NOT NULL,
                PRIMARY KEY (case_file_id, ordinal),
                UNIQUE (case_file_id, kind, document_id)))",
            "INSERT INTO case_file_items_18 (case_file_id, kind, document_id, ordinal, added_by, "
            "added_at) SELECT case_file_id, kind, document_id, ordinal, added_by, added_at "
            "FROM case_file_items",
            "DROP TABLE case_file_items",
            "ALTER TABLE case_file_items_18 RENAME TO case_file_items",
            "CREATE INDEX case_file_items_document ON case_file_items (kind, document_id)",
            R"(CREATE TRIGGER case_file_items_closed_file_18 BEFORE INSERT ON case_file_items
                WHEN (SELECT state FROM case_files WHERE id = NEW.case_file_id) = 'closed'
                BEGIN SELECT RAISE(ABORT, 'a closed case file never changes'); END)",
            R"(CREATE TABLE case_file_handovers (
                case_file_id INTEGER PRIMARY KEY REFERENCES case_files(id),
                handed_by INTEGER NOT NULL REFERENCES users(id),
                handed_at TEXT NOT NULL,
                package_sha256 TEXT NOT NULL,
                receiver TEXT NOT NULL DEFAULT ''))",
            R"(CREATE TRIGGER case_file_handovers_never_change BEFORE UPDATE ON case_file_handovers
                BEGIN SELECT RAISE(ABORT, 'a handover never changes'); END)",
            R"(CREATE TABLE case_file_notices (
                id INTEGER PRIMARY KEY,
                case_file_id INTEGER NOT NULL REFERENCES case_files(id),
                user_id INTEGER NOT NULL REFERENCES users(id),
                office_id INTEGER NOT NULL REFERENCES offices(id),
                due_on TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                read_at TEXT NOT NULL DEFAULT '',
                UNIQUE (case_file_id, user_id)))",
            "CREATE INDEX case_file_notices_user ON case_file_notices (user_id, read_at)",
        },
        // 19: saved searches (issue 15 item 2, NĐ 30 Phụ lục VI 6e, 6đ): a user's own, or shared
        // with their office; the query as the search page writes it and the chosen columns.
        {
            R"(CREATE TABLE saved_searches (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                owner_id INTEGER NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                query TEXT NOT NULL,
                columns TEXT NOT NULL DEFAULT '',
                shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))",
            "CREATE INDEX saved_searches_owner ON saved_searches (owner_id)",
            "CREATE INDEX saved_searches_office ON saved_searches (office_id, shared)",
        },
        // 20: the
        // metadata of NĐ 30/2020 Phụ lục VI Phần II an incoming document lacked (issue 15 item
        // 5): IssuedAmount (số lượng bản phát hành), PageAmount, Language, Description (and
        // for imported documents the three the CSV may give; their pages are counted). An
        // outgoing document keeps them in its `draft` JSON with the rest of what its author
        // entered (DraftInput), so `documents` needs no column.
        {
            "ALTER TABLE incoming_documents ADD COLUMN issued_amount INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE incoming_documents ADD COLUMN page_amount INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE incoming_documents ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incoming_documents ADD COLUMN description TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE imported_documents ADD COLUMN issued_amount INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE imported_documents ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE imported_documents ADD COLUMN description TEXT NOT NULL DEFAULT ''",
        },
        // 21: the issue queue (issue 21 item 2).
        // issue_queue: a signed letter whose office's TSA or revocation source did not answer,
        // waiting to be issued at the policy's level by a background job (next_attempt_at in
        // Unix seconds); lowered_issues: a letter the clerk chose to issue below its policy,
        // with the reason (shown on its page).
        {
            R"(CREATE TABLE issue_queue (
                document_id INTEGER PRIMARY KEY REFERENCES documents(id),
                office_id INTEGER NOT NULL REFERENCES offices(id),
                queued_by INTEGER NOT NULL REFERENCES users(id),
                queued_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_attempt_at TEXT NOT NULL DEFAULT '',
                last_code TEXT NOT NULL DEFAULT '',
                last_error TEXT NOT NULL DEFAULT ''))",
            "CREATE INDEX issue_queue_office ON issue_queue (office_id)",
            R"(CREATE TABLE lowered_issues (
                document_id INTEGER PRIMARY KEY REFERENCES documents(id),
                policy_level TEXT NOT NULL,
                issued_level TEXT NOT NULL,
                reason TEXT NOT NULL,
                chosen_by INTEGER NOT NULL REFERENCES users(id),
                chosen_by_name TEXT NOT NULL,
                chosen_at TEXT NOT NULL))",
        },
        // 22 (issue 20 item 5: the update, business type 2, asked through the API): a request
        // to update an issued letter is a replacement row whose replacing letter is its
        // updated version, marked `updating` (the CHECK on `kind` of step 13 cannot change
        // without rebuilding the table).
        {
            "ALTER TABLE recall_requests ADD COLUMN updating INTEGER NOT NULL DEFAULT 0 CHECK "
            "(updating IN (0, 1))",
        },
        // 23 (issue 14 item 4): comments (góp ý) on outgoing drafts by the people who may see
        // them, only ever added to; the files an outgoing letter carries beside its PDF (phụ
        // lục, tài liệu kèm theo), frozen once the letter is issued; and whether a kept version
        // was saved by the author or by a leader editing the submitted draft.
        {
            R"(CREATE TABLE document_comments (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id),
                author_id INTEGER NOT NULL REFERENCES users(id),
                version INTEGER NOT NULL,
                written_at TEXT NOT NULL,
                text TEXT NOT NULL))",
            "CREATE INDEX document_comments_document ON document_comments (document_id, id)",
            R"(CREATE TRIGGER document_comments_kept BEFORE UPDATE ON document_comments
                BEGIN SELECT RAISE(ABORT, 'a comment is never changed'); END)",
            R"(CREATE TRIGGER document_comments_never_deleted BEFORE DELETE ON document_comments
                BEGIN SELECT RAISE(ABORT, 'a comment is never deleted'); END)",
            R"(CREATE TABLE document_attachments (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id),
                name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                blob TEXT NOT NULL,
                added_by INTEGER NOT NULL REFERENCES users(id),
                added_at TEXT NOT NULL))",
            "CREATE INDEX document_attachments_document ON document_attachments (document_id, id)",
            R"(CREATE TRIGGER document_attachments_never_change BEFORE UPDATE ON document_attachments
                BEGIN SELECT RAISE(ABORT, 'an attachment is never changed'); END)",
            R"(CREATE TRIGGER document_attachments_frozen_add BEFORE INSERT ON document_attachments
                WHEN (SELECT state FROM documents WHERE id = NEW.document_id) = 'issued'
                BEGIN SELECT RAISE(ABORT, 'an issued document never changes'); END)",
            R"(CREATE TRIGGER document_attachments_frozen_remove
                BEFORE DELETE ON document_attachments
                WHEN (SELECT state FROM documents WHERE id = OLD.document_id) = 'issued'
                BEGIN SELECT RAISE(ABORT, 'an issued document never changes'); END)",
            "ALTER TABLE document_versions ADD COLUMN edited_as TEXT NOT NULL DEFAULT 'author'",
        },
        // 24: metadata fields an office adds (NĐ 30 Phụ lục VI III.7c, issue 15): defined by an
        // administrator (name, type, required, a list's choices one a line), filled per document
        // (kind and id as in case_file_items), written in the archive manifest; case files
        // frozen by an authorised order; the handover to the historical archive.
        {
            R"(CREATE TABLE metadata_fields (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                name TEXT NOT NULL,
                type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'list')),
                required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
                options TEXT NOT NULL DEFAULT '',
                created_by INTEGER NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                UNIQUE (office_id, name)))",
            R"(CREATE TABLE metadata_values (
                kind TEXT NOT NULL CHECK (kind IN ('outgoing', 'incoming', 'imported')),
                document_id INTEGER NOT NULL,
                field_id INTEGER NOT NULL REFERENCES metadata_fields(id),
                value TEXT NOT NULL,
                PRIMARY KEY (kind, document_id, field_id)))",
            "CREATE INDEX metadata_values_field ON metadata_values (field_id, value)",
            // A case file frozen (phong tỏa) by an authorised order (Phụ lục VI IV.1g): while
            // frozen, its documents and its row do not change; lifting it deletes the row (both
            // audited with the order's reference).
            R"(CREATE TABLE case_file_freezes (
                case_file_id INTEGER PRIMARY KEY REFERENCES case_files(id),
                order_ref TEXT NOT NULL,
                frozen_by INTEGER NOT NULL REFERENCES users(id),
                frozen_at TEXT NOT NULL))",
            R"(CREATE TRIGGER case_file_items_frozen_in BEFORE INSERT ON case_file_items
                WHEN EXISTS (SELECT 1 FROM case_file_freezes WHERE case_file_id = NEW.case_file_id)
                BEGIN SELECT RAISE(ABORT, 'a frozen case file never changes'); END)",
            R"(CREATE TRIGGER case_file_items_frozen_out BEFORE DELETE ON case_file_items
                WHEN EXISTS (SELECT 1 FROM case_file_freezes WHERE case_file_id = OLD.case_file_id)
                BEGIN SELECT RAISE(ABORT, 'a frozen case file never changes'); END)",
            R"(CREATE TRIGGER case_files_frozen BEFORE UPDATE ON case_files
                WHEN EXISTS (SELECT 1 FROM case_file_freezes WHERE case_file_id = OLD.id)
                BEGIN SELECT RAISE(ABORT, 'a frozen case file never changes'); END)",
            // A permanent file, once at the agency archive, handed on to the historical archive
            // (lưu trữ lịch sử, III.5c): who, when, the SHA-256 of the same sealed package, the
            // receiver; written once, never changed.
            R"(CREATE TABLE case_file_transfers (
                case_file_id INTEGER PRIMARY KEY REFERENCES case_files(id),
                handed_by INTEGER NOT NULL REFERENCES users(id),
                handed_at TEXT NOT NULL,
                package_sha256 TEXT NOT NULL,
                receiver TEXT NOT NULL DEFAULT ''))",
            R"(CREATE TRIGGER case_file_transfers_never_change BEFORE UPDATE ON case_file_transfers
                BEGIN SELECT RAISE(ABORT, 'a transfer never changes'); END)",
        },
        // 25: the units
        // (phòng, ban) of each office as a list (issue 13 item 3). users.unit keeps the unit's
        // name (renaming a unit renames it there too); the units the users already named are
        // the first rows.
        {
            R"(CREATE TABLE units (
                id INTEGER PRIMARY KEY,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                name TEXT NOT NULL,
                UNIQUE (office_id, name)))",
            R"(INSERT INTO units (office_id, name)
                SELECT DISTINCT office_id, unit FROM users WHERE unit <> '')",
        },
        // 26: notices by e-mail (issue 14 item 7, NĐ 30 Phụ lục VI III.1i). A user's e-mail
        // address; mail_notices: one e-mail per piece of waiting work and person (notice_key
        // names the work, so that it is written once), queued in the transaction that finds it
        // and sent by a background thread with retries (next_attempt_at in Unix seconds); sent_at
        // is set once the SMTP server took it.
        {
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''",
            R"(CREATE TABLE mail_notices (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id),
                notice_key TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                queued_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_attempt_at TEXT NOT NULL DEFAULT '',
                last_error TEXT NOT NULL DEFAULT '',
                sent_at TEXT NOT NULL DEFAULT '',
                UNIQUE (user_id, notice_key)))",
            "CREATE INDEX mail_notices_due ON mail_notices (sent_at, next_attempt_at)",
        },
        // 27: long-term copies of signed letters and their renewal (issue 21 items 3 and 4).
        // preserved_copies: per issued outgoing or registered incoming letter, the blob as
        // issued/received (never changed) and the copy with vanthu's validation data and
        // document time-stamps (expires_at: Unix seconds when its newest time-stamp's
        // certificate expires); renewal_state: the background job's one row.
        {
            R"(CREATE TABLE preserved_copies (
                kind TEXT NOT NULL CHECK (kind IN ('outgoing', 'incoming')),
                document_id INTEGER NOT NULL,
                office_id INTEGER NOT NULL REFERENCES offices(id),
                original_blob TEXT NOT NULL,
                original_level TEXT NOT NULL DEFAULT '',
                blob TEXT NOT NULL DEFAULT '',
                level TEXT NOT NULL DEFAULT '',
                expires_at BIGINT NOT NULL DEFAULT 0,
                renewals INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (kind, document_id)))",
            "CREATE INDEX preserved_copies_expiry ON preserved_copies (expires_at)",
            R"(CREATE TABLE renewal_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_round_at TEXT NOT NULL DEFAULT '',
                last_renewed INTEGER NOT NULL DEFAULT 0,
                last_failed INTEGER NOT NULL DEFAULT 0,
                renewed_total BIGINT NOT NULL DEFAULT 0,
                failed_total BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT ''))",
        },
        // 28: versions of shared records edited in forms (issue 16 item 1): a case file's own
        // description and an incoming letter's distribution (giao xử lý) carry the version
        // they were loaded at; a save from an older one is refused.
        {
            "ALTER TABLE case_files ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE incoming_documents ADD COLUMN assignment_version INTEGER NOT NULL "
            "DEFAULT 0",
            // Letters assigned before: their distribution is version 1.
            "UPDATE incoming_documents SET assignment_version = 1 WHERE assigned_at <> ''",
        },
        // 29: renewal when an algorithm weakens (issue 21 item 4). preserved_copies'
        // algorithms_until: Unix seconds until which the algorithm policy (signing's
        // AlgorithmPolicy) accepts the hashes and the key of the copy's newest time-stamp, -1
        // while not judged (the renewal job judges the rows it finds so); weakest_algorithm: the
        // one accepted for the shortest time ("SHA-1", "RSA-2048").
        {
            "ALTER TABLE preserved_copies ADD COLUMN algorithms_until BIGINT NOT NULL DEFAULT -1",
            "ALTER TABLE preserved_copies ADD COLUMN weakest_algorithm TEXT NOT NULL DEFAULT ''",
        },
        // 30 (issue 14): the kinds of e-mail notice a person turned off for themselves
        // (mail_opt_outs: one row per person and kind, MailNotices queues none of that kind);
        // the SMTP server an installation administrator set on the web page (smtp_settings:
        // one row, overriding the config file; the password sealed with DIR/pki/secret.key,
        // SecretBox, never in clear); comments (ý kiến) on incoming letters by their handlers,
        // only ever added, as document_comments are for drafts.
        {
            R"(CREATE TABLE mail_opt_outs (
                user_id INTEGER NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                PRIMARY KEY (user_id, kind)))",
            R"(CREATE TABLE smtp_settings (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                host TEXT NOT NULL,
                port INTEGER NOT NULL,
                start_tls INTEGER NOT NULL CHECK (start_tls IN (0, 1)),
                username TEXT NOT NULL DEFAULT '',
                password_sealed TEXT NOT NULL DEFAULT '',
                sender TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by INTEGER REFERENCES users(id)))",
            R"(CREATE TABLE incoming_comments (
                id INTEGER PRIMARY KEY,
                incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
                author_id INTEGER NOT NULL REFERENCES users(id),
                written_at TEXT NOT NULL,
                text TEXT NOT NULL))",
            "CREATE INDEX incoming_comments_letter ON incoming_comments (incoming_id, id)",
            R"(CREATE TRIGGER incoming_comments_kept BEFORE UPDATE ON incoming_comments
                BEGIN SELECT RAISE(ABORT, 'a comment is never changed'); END)",
            R"(CREATE TRIGGER incoming_comments_never_deleted BEFORE DELETE ON incoming_comments
                BEGIN SELECT RAISE(ABORT, 'a comment is never deleted'); END)",
        },
        // 31: background work one server at a time does (issue 17 item 2): the national axis's
        // polling and its directory synchronisation. work_claims: who holds a piece of work and
        // until when (Unix seconds); anyone may claim it once that time has passed (a server
        // that dies holding it leaves it due when its lease ends).
        {
            R"(CREATE TABLE work_claims (
                work TEXT PRIMARY KEY,
                holder TEXT NOT NULL DEFAULT '',
                claimed_until BIGINT NOT NULL DEFAULT 0))",
            "CREATE INDEX issue_queue_due ON issue_queue (next_attempt_at)",
        },
        // 32: the DIR/pki each server must share (issue 17 item 2): a fingerprint of the key
        // that seals passwords and PINs in this database (DIR/pki/secret.key; never the key),
        // recorded by the first server that opens it; a server whose folder holds another key
        // refuses to start.
        {
            R"(CREATE TABLE pki_fingerprints (
                name TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                recorded_at TEXT NOT NULL))",
        },
        // 33: the version each administrator's form starts from (issue 16 item 1): a user, an
        // office, a unit, an office's signing policy and a saved search saved from an older
        // version are refused (StaleVersion), as a case file's description is (step 28).
        {
            "ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE offices ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE signing_policies ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE saved_searches ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        },
    };
    return steps;
}

} // namespace vanthu::docmgmt::schema
