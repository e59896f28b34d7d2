// Reading a verification report back from its JSON (docs/verify-report.md), with Poco JSON.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing {

VerifyReport reportFromJson(const std::string& json) {
    using Poco::JSON::Array;
    using Poco::JSON::Object;
    VerifyReport report;
    try {
        Poco::JSON::Parser parser;
        const Object::Ptr root = parser.parse(json).extract<Object::Ptr>();
        report.file = root->getValue<std::string>("file");
        report.ok = root->getValue<bool>("ok");
        report.revisions = root->getValue<int>("revisions");
        for (const auto& e : *root->getArray("errors")) {
            report.errors.push_back(e.toString());
        }
        for (const auto& e : *root->getArray("unsignedFields")) {
            report.unsignedFields.push_back(e.toString());
        }
        for (const auto& item : *root->getArray("signatures")) {
            const Object::Ptr o = item.extract<Object::Ptr>();
            SignatureReport s;
            s.index = o->getValue<int>("index");
            s.field = o->getValue<std::string>("field");
            s.kind = o->getValue<std::string>("kind");
            s.role = o->getValue<std::string>("role");
            s.subFilter = o->getValue<std::string>("subFilter");
            s.signer = o->getValue<std::string>("signer");
            s.signerSubject = o->getValue<std::string>("signerSubject");
            s.issuer = o->getValue<std::string>("issuer");
            s.serialNumber = o->getValue<std::string>("serialNumber");
            s.claimedTime = o->getValue<std::string>("claimedTime");
            s.timeStampTime = o->getValue<std::string>("timeStampTime");
            s.level = o->getValue<std::string>("level");
            s.revision = o->getValue<int>("revision");
            s.coversWholeDocument = o->getValue<bool>("coversWholeDocument");
            s.locksDocument = o->getValue<bool>("locksDocument");
            s.valid = o->getValue<bool>("valid");
            s.trusted = o->getValue<bool>("trusted");
            s.ok = o->getValue<bool>("ok");
            for (const auto& c : *o->getArray("checks")) {
                const Object::Ptr co = c.extract<Object::Ptr>();
                s.checks.push_back(VerifyCheck{co->getValue<std::string>("name"),
                                               co->getValue<std::string>("status"),
                                               co->getValue<std::string>("detail")});
            }
            for (const auto& c : *o->getArray("changes")) {
                const Object::Ptr co = c.extract<Object::Ptr>();
                s.changes.push_back(DocumentChange{
                    co->getValue<int>("revision"), co->getValue<std::string>("object"),
                    co->getValue<std::string>("description"), co->getValue<bool>("allowed")});
            }
            report.signatures.push_back(std::move(s));
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("unreadable verification report: " + e.displayText());
    }
    return report;
}

} // namespace vanthu::signing
