#pragma once
// Where offices, users, documents, the registers, the audit trail and sessions are kept: one
// interface for every database, the sum of one interface per area (docs/storage.md, "Areas"):
// DirectoryStore, OutgoingStore, IncomingStore, CaseFileStore, AuditStore, SessionStore and
// JobStore. SqlStorage implements it on SQLite and on PostgreSQL. A class that needs one area
// only may take that interface. Every change happens inside transaction(); a call made outside
// one runs in a transaction of its own.
#include <functional>

#include "vanthu/docmgmt/AuditStore.hpp"
#include "vanthu/docmgmt/CaseFileStore.hpp"
#include "vanthu/docmgmt/DirectoryStore.hpp"
#include "vanthu/docmgmt/IncomingStore.hpp"
#include "vanthu/docmgmt/JobStore.hpp"
#include "vanthu/docmgmt/OutgoingStore.hpp"
#include "vanthu/docmgmt/SessionStore.hpp"

namespace vanthu::docmgmt {

class Storage : public DirectoryStore,
                public OutgoingStore,
                public IncomingStore,
                public CaseFileStore,
                public AuditStore,
                public SessionStore,
                public JobStore {
public:
    virtual ~Storage() = default;

    /// Runs work in one transaction: all its changes are committed together, or none when it
    /// throws (the exception is rethrown). Nested calls join the outer transaction. Calls from
    /// other threads wait until it ends.
    virtual void transaction(const std::function<void()>& work) = 0;
    /// The schema version the database is at.
    virtual int schemaVersion() const = 0;
};

} // namespace vanthu::docmgmt
