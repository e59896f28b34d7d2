// A foreign signer for vanthu's tests (issue 12 item 5): Apache PDFBox 2 with BouncyCastle, as
// Java signing tools are usually built (PDFBox's own CreateSignature example). It signs IN into
// OUT as an incremental update (PDFBox keeps the file's cross-reference form: a table after a
// table, a stream after a stream) with the first key of a PKCS#12 file; the CMS is BouncyCastle's
// CMSSignedData.getEncoded(), which is BER (indefinite lengths).
//
//   java PdfBoxSigner IN OUT KEY.p12 PASSWORD [--field NAME] [--cades] [--certify P] [--tsa URL]
//                     [--digest SHA-256|SHA-384|SHA-512]
//
// --field NAME   sign the existing empty signature field NAME (default: a new invisible field)
// --cades        /SubFilter /ETSI.CAdES.detached with a signing-certificate-v2 attribute
//                (default: adbe.pkcs7.detached)
// --certify P    a certification signature: a DocMDP transform with /P P and /Perms /DocMDP
// --tsa URL      a signature time-stamp (RFC 3161 over HTTP, BouncyCastle's TSP classes, as
//                PDFBox's CreateSignature example with its TSAClient) in the SignerInfo's
//                unsigned attributes: with --cades, PAdES B-T
// --digest NAME  the hash of the signature and of the time-stamp's imprint (default SHA-256)
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Enumeration;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

public final class PdfBoxSigner implements SignatureInterface {
    private final PrivateKey key;
    private final Certificate[] chain;
    private final boolean cades;
    private final String tsaUrl;
    /// --digest: the signature's and the time-stamp imprint's hash.
    private static String digest = "SHA-256";

    private PdfBoxSigner(PrivateKey key, Certificate[] chain, boolean cades, String tsaUrl) {
        this.key = key;
        this.chain = chain;
        this.cades = cades;
        this.tsaUrl = tsaUrl;
    }

    /// The TSA's answer to a time-stamp query (RFC 3161 section 3.4, HTTP POST).
    private static byte[] askTsa(String url, byte[] query) throws IOException {
        final HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(10000);
        connection.setReadTimeout(10000);
        connection.setRequestProperty("Content-Type", "application/timestamp-query");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(query);
        }
        if (connection.getResponseCode() != 200) {
            throw new IOException("TSA answered HTTP " + connection.getResponseCode());
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /// Each SignerInfo with a signature time-stamp token over its signature value
    /// (id-aa-signatureTimeStampToken, RFC 3161 appendix A), as PDFBox's
    /// ValidationTimeStamp.addSignedTimeStamp does.
    private static CMSSignedData withSignatureTimeStamps(CMSSignedData data, String url)
        throws Exception {
        final List<SignerInformation> signers = new ArrayList<>();
        for (SignerInformation signer : data.getSignerInfos().getSigners()) {
            final byte[] imprint =
                MessageDigest.getInstance(digest).digest(signer.getSignature());
            final TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            final TimeStampRequest request = generator.generate(
                digest.equals("SHA-512")   ? TSPAlgorithms.SHA512
                : digest.equals("SHA-384") ? TSPAlgorithms.SHA384
                                           : TSPAlgorithms.SHA256,
                imprint, BigInteger.valueOf(new SecureRandom().nextLong()));
            final TimeStampResponse response =
                new TimeStampResponse(askTsa(url, request.getEncoded()));
            response.validate(request);
            final TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw new IOException("the TSA gave no token: " + response.getStatusString());
            }
            final ASN1EncodableVector unsigned = signer.getUnsignedAttributes() == null
                                                     ? new ASN1EncodableVector()
                                                     : signer.getUnsignedAttributes()
                                                           .toASN1EncodableVector();
            unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                                       new DERSet(ASN1Primitive.fromByteArray(token.getEncoded()))));
            signers.add(
                SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned)));
        }
        return CMSSignedData.replaceSigners(data, new SignerInformationStore(signers));
    }

    @Override
    public byte[] sign(InputStream content) throws IOException {
        try {
            final X509Certificate certificate = (X509Certificate) chain[0];
            final ContentSigner signer =
                new JcaContentSignerBuilder(digest.replace("-", "") + "withRSA").build(key);
            final JcaSignerInfoGeneratorBuilder builder =
                new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build());
            if (cades) {
                final byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
                final SigningCertificateV2 signingCertificate =
                    new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash)});
                final AttributeTable extra = new AttributeTable(
                    new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                                  new DERSet(signingCertificate)));
                builder.setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(extra));
            }
            final CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(builder.build(signer, certificate));
            generator.addCertificates(new JcaCertStore(Arrays.asList(chain)));
            CMSSignedData data =
                generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false);
            if (tsaUrl != null) {
                data = withSignatureTimeStamps(data, tsaUrl);
            }
            return data.getEncoded(); // BER, as BouncyCastle writes it
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /// PDFBox's SigUtils.setMDPPermission: the DocMDP transform and the catalog's /Perms.
    private static void certify(PDDocument document, PDSignature signature, int permission) {
        final COSDictionary params = new COSDictionary();
        params.setItem(COSName.TYPE, COSName.getPDFName("TransformParams"));
        params.setInt(COSName.P, permission);
        params.setName(COSName.V, "1.2");
        params.setNeedToBeUpdated(true);
        final COSDictionary reference = new COSDictionary();
        reference.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
        reference.setItem("TransformMethod", COSName.DOCMDP);
        reference.setItem("TransformParams", params);
        reference.setNeedToBeUpdated(true);
        final COSArray references = new COSArray();
        references.add(reference);
        references.setNeedToBeUpdated(true);
        signature.getCOSObject().setItem("Reference", references);
        final COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
        final COSDictionary perms = new COSDictionary();
        perms.setItem(COSName.DOCMDP, signature);
        perms.setNeedToBeUpdated(true);
        catalog.setItem(COSName.PERMS, perms);
        catalog.setNeedToBeUpdated(true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println(
                "usage: PdfBoxSigner IN OUT KEY.p12 PASSWORD [--field NAME] [--cades] [--certify P] [--tsa URL] [--digest SHA-512]");
            System.exit(2);
        }
        String field = null;
        boolean cades = false;
        int certify = 0;
        String tsaUrl = null;
        for (int i = 4; i < args.length; ++i) {
            switch (args[i]) {
            case "--field":
                field = args[++i];
                break;
            case "--cades":
                cades = true;
                break;
            case "--certify":
                certify = Integer.parseInt(args[++i]);
                break;
            case "--tsa":
                tsaUrl = args[++i];
                break;
            case "--digest":
                digest = args[++i];
                break;
            default:
                System.err.println("unknown option " + args[i]);
                System.exit(2);
            }
        }
        final char[] password = args[3].toCharArray();
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(args[2])) {
            store.load(in, password);
        }
        PrivateKey key = null;
        Certificate[] chain = null;
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
            final String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                key = (PrivateKey) store.getKey(alias, password);
                chain = store.getCertificateChain(alias);
                break;
            }
        }
        if (key == null || chain == null) {
            throw new IllegalArgumentException("no key in " + args[2]);
        }
        try (PDDocument document = PDDocument.load(new File(args[0]))) {
            PDSignature signature = new PDSignature();
            if (field != null) {
                final PDAcroForm form = document.getDocumentCatalog().getAcroForm();
                final PDField existing = form == null ? null : form.getField(field);
                if (!(existing instanceof PDSignatureField) ||
                    ((PDSignatureField) existing).getSignature() != null) {
                    throw new IllegalArgumentException("no empty signature field " + field);
                }
                existing.getCOSObject().setItem(COSName.V, signature);
            }
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(cades ? PDSignature.SUBFILTER_ETSI_CADES_DETACHED
                                         : PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName("PDFBox foreign signer");
            signature.setReason("interoperability test");
            signature.setSignDate(Calendar.getInstance());
            if (certify > 0) {
                certify(document, signature, certify);
            }
            final SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(20000);
            document.addSignature(signature, new PdfBoxSigner(key, chain, cades, tsaUrl), options);
            try (FileOutputStream out = new FileOutputStream(args[1])) {
                document.saveIncremental(out);
            }
            options.close();
        }
    }
}
