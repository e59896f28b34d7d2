#pragma once
// A stand-in for the national document axis, started by the tests on loopback (Poco HTTPServer):
// it checks every call's XroadVnpt-* headers and HMAC-SHA256 exactly as the axis does (its own
// code, OpenSSL's one-shot HMAC, not the client's), refuses a wrong secret or a `from` office
// not registered to the calling system with {"status":"FAIL"} and HTTP 200, stores sent
// packages, gives each system in the package's To (a status: its ResponseFor) its own copy
// with its own id, offers a copy again on every getReceivedEdocList until updateStatus done, tells
// the sender each receiver's delivery (getSentEdocList), and serves the directory of the
// registered offices (getAgenciesList, and getAgenciesListQD20 with `code102`; a renamed office
// listed with its oldCode; `pid` the id of the parent set by setParent or registerAgency's
// `pcode`), getSynchronizeUnit (with centerCode and the deleted units), counts what waits
// (countReceiveEdoc, countReceiveStatus), hands a package over raw (downloadEdoc), and registers
// and deletes a system's sub-units (registerAgency, deleteAgency), each call signed and checked
// the same way (../shared/national-axis.md).
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vanthu::test {

class MockAxis {
public:
    struct System {
        std::string id;     ///< the systemid it calls with
        std::string secret; ///< the HMAC key it shares with the axis
        std::vector<std::pair<std::string, std::string>> offices; ///< code, name
    };

    /// One system's copy of a sent package.
    struct Copy {
        std::string docId;       ///< the receiver's id (24 hex)
        std::string senderDocId; ///< the id sendEdoc answered
        std::string system;      ///< the receiving system
        std::string from;        ///< the sending office
        std::string to;          ///< the receiving offices, comma-separated
        std::string messageType; ///< "edoc" or "status"
        std::string package;
        std::string acknowledgement; ///< "" until updateStatus: "done", "fail", "processing"
        int fetched = 0;             ///< getEdoc calls for it
    };

    explicit MockAxis(std::vector<System> systems);
    ~MockAxis();
    MockAxis(const MockAxis&) = delete;
    MockAxis& operator=(const MockAxis&) = delete;

    std::string url() const; ///< "http://127.0.0.1:PORT"

    /// The next updateStatus done is answered OK and forgotten (an acknowledgement lost on the
    /// way): the item is offered again under the same id.
    void loseNextAcknowledgement();
    /// The next package sent is handed to its receivers twice, under two ids (the axis
    /// delivering the same package twice).
    void duplicateNextPackage();
    /// An office registered to a system gets a new code and name; the directory then lists it
    /// under the new code with `oldCode` the old one, and packages for the old code reach no one.
    void renameOffice(const std::string& oldCode, const std::string& newCode,
                      const std::string& name);

    /// The directory lists `code` under `parentCode` (its `pid`: the parent's id).
    void setParent(const std::string& code, const std::string& parentCode);
    /// getEdoc refuses packages larger than this (the receiver must use downloadEdoc).
    void refuseGetEdocOver(std::size_t bytes);
    /// The offices registered to a system now (code, name), and the parent code of one.
    std::vector<std::pair<std::string, std::string>> officesOf(const std::string& systemId) const;
    std::string parentOf(const std::string& code) const;

    std::vector<Copy> copies() const;
    /// The calls refused (bad signature, unknown system, …), with the reason, oldest first.
    std::vector<std::string> refusals() const;
    /// Every call answered, by name ("sendEdoc" → 3).
    std::map<std::string, int> calls() const;

    struct State;

private:
    std::shared_ptr<State> state_;
    struct Runner;
    std::unique_ptr<Runner> runner_;
};

} // namespace vanthu::test
