package org.jbuildkit.registry.diagnostics;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** Records the server's chain and the verdict of the endpoint's trust manager, then passes the verdict on. */
final class RecordingTrustManager extends org.jbuildkit.registry.hosts.ForwardingTrustManager {

    private final RegistryProbe.ChainRecorder recorder;

    RecordingTrustManager(RegistryProbe.ChainRecorder recorder, X509ExtendedTrustManager delegate) {
        super(delegate);
        this.recorder = recorder;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        recorder.record(chain);
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            recorder.failed(e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        recorder.record(chain);
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            recorder.failed(e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        recorder.record(chain);
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            recorder.failed(e);
            throw e;
        }
    }
}
