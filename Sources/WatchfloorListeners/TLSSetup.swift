import NIOSSL
import WatchfloorIngest

/// Server TLS settings from PEM files, for syslog over TLS (RFC 5425) and HTTPS. TLS 1.2 at least; with a client
/// CA, clients must present a certificate it signed (mutual TLS, as RFC 5425 §5.3 recommends for senders).
enum TLSSetup {
    static func serverConfiguration(_ files: TLSFiles, source: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(files.certificate) } catch {
            throw SourceError(source: source, message: "cannot read the TLS certificate \(files.certificate): \(error)")
        }
        guard !chain.isEmpty else { throw SourceError(source: source, message: "no certificate in \(files.certificate)") }
        do { key = try NIOSSLPrivateKey(file: files.key, format: .pem) } catch {
            throw SourceError(source: source, message: "cannot read the TLS key \(files.key): \(error)")
        }
        var c = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        c.minimumTLSVersion = .tlsv12
        if let ca = files.clientCA {
            c.certificateVerification = .noHostnameVerification
            c.trustRoots = .file(ca)
            c.sendCANameList = true
        }
        do { _ = try NIOSSLContext(configuration: c) } catch {
            throw SourceError(source: source, message: "TLS settings rejected (certificate \(files.certificate), key \(files.key)\(files.clientCA.map { ", client CA \($0)" } ?? "")): \(error)")
        }
        return c
    }
}
