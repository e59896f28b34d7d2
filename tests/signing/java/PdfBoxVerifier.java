// An independent check of a signed PDF with Apache PDFBox 2 and BouncyCastle (issue 12 item 6):
// for every signature dictionary PDFBox finds, the CMS in /Contents is verified over the bytes
// /ByteRange covers (CMSSignedData.verifySignatures for PDF signatures; for a document
// time-stamp, the token's signature and its message imprint), and the signer's chain is built
// to the trust anchor (PKIX, no revocation check). One line per signature:
//
//   SIGNATURE <n> field=<name> subfilter=<name> cms=VALID|INVALID chain=TRUSTED|UNTRUSTED covers=whole|part [timestamp=VALID|INVALID]
//
// timestamp= is there when a signer carries a signature time-stamp (id-aa-signatureTimeStampToken,
// PAdES B-T): the token's signature, its message imprint against the SignerInfo's signature value,
// and the TSA's chain to the trust anchor; an invalid one makes the signature invalid.
//
// then "ALL VALID" and exit 0 when every signature is valid and trusted, exit 1 otherwise.
//
//   java PdfBoxVerifier FILE CA.pem [MORE-CERTS.pem...]
import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

public final class PdfBoxVerifier {
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private static List<X509Certificate> readCertificates(String path) throws Exception {
        final CertificateFactory factory = CertificateFactory.getInstance("X.509");
        final List<X509Certificate> out = new ArrayList<>();
        try (FileInputStream in = new FileInputStream(path)) {
            for (java.security.cert.Certificate c : factory.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    /// The signer's certificate from the CMS.
    @SuppressWarnings("unchecked")
    private static X509Certificate signerCertificate(CMSSignedData cms, SignerInformation signer)
        throws Exception {
        final Collection<X509CertificateHolder> matches =
            cms.getCertificates().getMatches((Selector<X509CertificateHolder>) signer.getSID());
        if (matches.isEmpty()) {
            throw new IllegalStateException("the signer's certificate is not in the CMS");
        }
        return CONVERTER.getCertificate(matches.iterator().next());
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> allCertificates(CMSSignedData cms) throws Exception {
        final List<X509Certificate> out = new ArrayList<>();
        for (Object holder : cms.getCertificates().getMatches(null)) {
            out.add(CONVERTER.getCertificate((X509CertificateHolder) holder));
        }
        return out;
    }

    private static boolean trusted(X509Certificate certificate, List<X509Certificate> others,
                                   List<X509Certificate> anchors) {
        try {
            final java.util.Set<TrustAnchor> trust = new java.util.HashSet<>();
            for (X509Certificate anchor : anchors) {
                trust.add(new TrustAnchor(anchor, null));
            }
            final X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            final PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
            params.setRevocationEnabled(false);
            final List<X509Certificate> pool = new ArrayList<>(others);
            pool.add(certificate);
            pool.addAll(anchors);
            params.addCertStore(
                CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return true;
        } catch (Exception e) {
            System.err.println("chain: " + e.getMessage());
            return false;
        }
    }

    /// A time-stamp token's own check: its signature by the TSA, its message imprint against
    /// imprinted, and the TSA's chain. Null when valid, else why not.
    private static String checkTimeStamp(TimeStampToken token, byte[] imprinted,
                                         List<X509Certificate> extra,
                                         List<X509Certificate> anchors) throws Exception {
        final CMSSignedData tokenCms = token.toCMSSignedData();
        final X509Certificate tsa =
            signerCertificate(tokenCms, tokenCms.getSignerInfos().getSigners().iterator().next());
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        final MessageDigest digest =
            MessageDigest.getInstance(token.getTimeStampInfo().getMessageImprintAlgOID().getId());
        if (!Arrays.equals(digest.digest(imprinted),
                           token.getTimeStampInfo().getMessageImprintDigest())) {
            return "message imprint differs";
        }
        final List<X509Certificate> pool = allCertificates(tokenCms);
        pool.addAll(extra);
        return trusted(tsa, pool, anchors) ? null : "the TSA's chain is not trusted";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PdfBoxVerifier FILE CA.pem [MORE-CERTS.pem...]");
            System.exit(2);
        }
        final byte[] file = Files.readAllBytes(new File(args[0]).toPath());
        final List<X509Certificate> anchors = readCertificates(args[1]);
        final List<X509Certificate> extra = new ArrayList<>();
        for (int i = 2; i < args.length; ++i) {
            extra.addAll(readCertificates(args[i]));
        }
        boolean allValid = true;
        int count = 0;
        try (PDDocument document = PDDocument.load(file)) {
            final List<PDSignatureField> fields = document.getSignatureFields();
            for (PDSignature signature : document.getSignatureDictionaries()) {
                ++count;
                String field = "?";
                for (PDSignatureField f : fields) {
                    if (f.getSignature() != null &&
                        f.getSignature().getCOSObject() == signature.getCOSObject()) {
                        field = f.getFullyQualifiedName();
                    }
                }
                final byte[] contents = signature.getContents(file);
                final byte[] signedContent = signature.getSignedContent(file);
                final int[] range = signature.getByteRange();
                final boolean whole =
                    range.length == 4 && (long) range[2] + range[3] == file.length;
                boolean valid = false;
                boolean chain = false;
                String why = "";
                String timeStamp = "";
                try {
                    final String subFilter = signature.getSubFilter();
                    if ("ETSI.RFC3161".equals(subFilter)) {
                        final TimeStampToken token = new TimeStampToken(new CMSSignedData(contents));
                        final X509Certificate tsa = signerCertificate(
                            token.toCMSSignedData(), token.toCMSSignedData().getSignerInfos()
                                                          .getSigners().iterator().next());
                        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
                        final String algorithm =
                            token.getTimeStampInfo().getMessageImprintAlgOID().getId();
                        final MessageDigest digest = MessageDigest.getInstance(algorithm);
                        valid = Arrays.equals(digest.digest(signedContent),
                                              token.getTimeStampInfo().getMessageImprintDigest());
                        if (!valid) {
                            why = "message imprint differs";
                        }
                        final List<X509Certificate> pool = allCertificates(token.toCMSSignedData());
                        pool.addAll(extra);
                        chain = trusted(tsa, pool, anchors);
                    } else {
                        final CMSSignedData cms =
                            new CMSSignedData(new CMSProcessableByteArray(signedContent), contents);
                        final List<X509Certificate> pool = allCertificates(cms);
                        pool.addAll(extra);
                        valid = !cms.getSignerInfos().getSigners().isEmpty();
                        chain = true;
                        for (SignerInformation signer : cms.getSignerInfos().getSigners()) {
                            final X509Certificate certificate = signerCertificate(cms, signer);
                            final SignerInformationVerifier verifier =
                                new JcaSimpleSignerInfoVerifierBuilder().build(certificate);
                            valid = valid && signer.verify(verifier);
                            chain = chain && trusted(certificate, pool, anchors);
                            final Attribute stamp =
                                signer.getUnsignedAttributes() == null
                                    ? null
                                    : signer.getUnsignedAttributes().get(
                                          PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                            if (stamp != null) {
                                final TimeStampToken token = new TimeStampToken(new CMSSignedData(
                                    stamp.getAttrValues().getObjectAt(0).toASN1Primitive()
                                        .getEncoded()));
                                final String bad =
                                    checkTimeStamp(token, signer.getSignature(), extra, anchors);
                                timeStamp = " timestamp=" + (bad == null ? "VALID" : "INVALID");
                                if (bad != null) {
                                    valid = false;
                                    why = "signature time-stamp: " + bad;
                                }
                            }
                        }
                        // The same through the collection call PDFBox's examples use.
                        valid = valid && cms.verifySignatures(sid -> {
                            try {
                                for (SignerInformation s : cms.getSignerInfos().getSigners()) {
                                    if (s.getSID().equals(sid)) {
                                        return new JcaSimpleSignerInfoVerifierBuilder().build(
                                            signerCertificate(cms, s));
                                    }
                                }
                                throw new IllegalStateException("no signer");
                            } catch (Exception e) {
                                throw new org.bouncycastle.operator.OperatorCreationException(
                                    e.getMessage(), e);
                            }
                        });
                    }
                } catch (Exception e) {
                    valid = false;
                    why = e.toString();
                }
                System.out.println("SIGNATURE " + count + " field=" + field +
                                   " subfilter=" + signature.getSubFilter() +
                                   " cms=" + (valid ? "VALID" : "INVALID") +
                                   " chain=" + (chain ? "TRUSTED" : "UNTRUSTED") +
                                   " covers=" + (whole ? "whole" : "part") + timeStamp +
                                   (why.isEmpty() ? "" : " (" + why + ")"));
                allValid = allValid && valid && chain;
            }
        }
        if (count == 0) {
            System.out.println("NO SIGNATURES");
            System.exit(1);
        }
        System.out.println(allValid ? "ALL VALID" : "NOT ALL VALID");
        System.exit(allValid ? 0 : 1);
    }
}
