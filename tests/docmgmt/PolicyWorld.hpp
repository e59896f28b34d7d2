#pragma once
// The demo world signing by the offices' signing policies (issue 21), and the demo TSA on loopback
// (TestTsa.hpp: slow, counted, or signing with an old hash).
#include <filesystem>
#include <memory>

#include "DocmgmtFixtures.hpp"
#include "TestTsa.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::test {

/// The demo world with its PKI folder copied beside it and a flow that signs by the policies.
struct PolicyWorld {
    DemoWorld w;
    std::filesystem::path pki;
    std::unique_ptr<docmgmt::SigningPolicies> policies;
    std::unique_ptr<docmgmt::OutgoingFlow> flow;

    PolicyWorld() : pki(w.dir.path() / "pki") {
        std::filesystem::copy(demoPkiDir(), pki, std::filesystem::copy_options::recursive);
        policies = std::make_unique<docmgmt::SigningPolicies>(*w.storage, *w.audit, nullptr, pki,
                                                              "vanthu");
        auto settings = flowSettings([now = w.now] { return now->load(); }, nullptr);
        settings.policies = policies.get();
        flow = std::make_unique<docmgmt::OutgoingFlow>(*w.storage, *w.blobs, *w.audit, settings);
    }

    docmgmt::Id signedLetter(const std::string& subject) {
        const auto doc = flow->createDraft(w.actor("chuyenvien.vq"), w.letterInput(subject));
        flow->submit(w.actor("chuyenvien.vq"), doc.id);
        flow->approve(w.actor("chutich.vq"), doc.id);
        flow->sign(w.actor("phochutich.vq"), doc.id);
        return doc.id;
    }

    docmgmt::SigningPolicyRecord policy(const std::string& level, const std::string& tsa,
                                        const std::string& url = "") const {
        docmgmt::SigningPolicyRecord p;
        p.signerLevel = p.sealLevel = level;
        p.tsa = tsa;
        p.tsaUrl = url;
        p.revocation = "builtin";
        return p;
    }

    /// vanthu.vq's office signs at level with the TSA at url.
    void useTsa(const std::string& level, const std::string& tsa, const std::string& url = "") {
        policies->change(w.actor("quantri.vq"), w.officeOf("vanthu.vq").id, policy(level, tsa, url),
                         {});
    }
};

/// The project's verifier on pdf, trusting the PKI folder's ca.pem.
inline signing::VerifyReport verified(const std::string& pdf, const std::filesystem::path& pki) {
    return signing::SignatureVerifier(
               signing::certificatesFromPem(signing::readBinaryFile((pki / "ca.pem").string())))
        .verify(pdf);
}

/// The demo TSA (the demo PKI's tsa.p12) or the PKCS#12 file given, on loopback.
class SlowTsa : public DelayedTsa {
public:
    explicit SlowTsa(const std::filesystem::path& p12 = demoPkiDir() / "tsa.p12")
        : DelayedTsa(p12) {}
};

} // namespace vanthu::test
