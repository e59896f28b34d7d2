#pragma once
// The demo world signing by the offices' signing policies (issue 21), and a time-stamp authority
// on loopback that can be made slow (it sleeps before answering) or counted.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

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

/// The demo TSA over HTTP on 127.0.0.1, sleeping `delay` before each answer; counts requests.
class SlowTsa {
public:
    SlowTsa()
        : authority_(signing::TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(),
                                                             "vanthu")),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(false);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
        server_->start();
    }
    ~SlowTsa() { server_->stopAll(true); }
    SlowTsa(const SlowTsa&) = delete;
    SlowTsa& operator=(const SlowTsa&) = delete;

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/tsa";
    }
    std::atomic<int> delayMs{0};
    std::atomic<int> requests{0}; ///< requests that arrived (counted before the sleep)

private:
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(SlowTsa& tsa) : tsa_(tsa) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            ++tsa_.requests;
            std::this_thread::sleep_for(std::chrono::milliseconds(tsa_.delayMs.load()));
            std::unique_ptr<Poco::Net::HTTPRequestHandler> inner(
                signing::newTimeStampRequestHandler(*tsa_.authority_));
            inner->handleRequest(request, response);
        }

    private:
        SlowTsa& tsa_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(SlowTsa& tsa) : tsa_(tsa) {}
        Poco::Net::HTTPRequestHandler*
        createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(tsa_);
        }

    private:
        SlowTsa& tsa_;
    };

    std::unique_ptr<signing::TimeStampAuthority> authority_;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace vanthu::test
