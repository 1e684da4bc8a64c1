package org.jbuildkit.registry.diagnostics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jbuildkit.registry.hosts.RegistryEndpoint;

/**
 * Checks how the daemon reaches a registry, one phase at a time with the endpoint's own settings: DNS, TCP
 * connect, TLS (the presented chain is recorded even when verification fails), then a plain {@code GET /v2/} and
 * its auth challenge. The result explains failed requests and is what {@code buildctl debug registry} prints.
 */
public final class RegistryProbe {

    private static final int MAX_RESPONSE = 16 * 1024;

    /** Probes the scheme the endpoint's plan tries first. */
    public ProbeReport probe(RegistryEndpoint endpoint) {
        return probe(endpoint, endpoint.plan().firstScheme());
    }

    /** Probes {@code scheme} ("https" or "http") on the endpoint. */
    public ProbeReport probe(RegistryEndpoint endpoint, String scheme) {
        return new Run(endpoint, scheme).run();
    }

    /**
     * Explains a failed request: facts that the exception carries (DNS, refused, connect timeout) are used as they
     * are; anything else (TLS, a closed connection) is probed for the certificate chain and the peer's answer.
     */
    public RegistryException explain(RegistryEndpoint endpoint, String scheme, String action, IOException failure) {
        int port = endpoint.port(scheme);
        if (hasCause(failure, UnknownHostException.class) || hasCause(failure, UnresolvedAddressException.class)) {
            var d = new Diagnoses(endpoint, scheme, endpoint.hostName(), port);
            return exception(endpoint, scheme, endpoint.hostName(), action, d.dnsFailure(), failure);
        }
        String address = resolvedAddress(endpoint);
        var d = new Diagnoses(endpoint, scheme, address, port);
        if (failure instanceof HttpConnectTimeoutException || hasCause(failure, SocketTimeoutException.class)
                && hasCause(failure, ConnectException.class)) {
            return exception(endpoint, scheme, address, action, d.timeout(endpoint.connectTimeout()), failure);
        }
        if (hasCause(failure, ConnectException.class) && !hasCause(failure, SSLException.class)) {
            return exception(endpoint, scheme, address, action, d.refused(), failure);
        }
        ProbeReport report = probe(endpoint, scheme);
        if (!report.ok()) {
            return report.toException(action, Side.DAEMON, failure);
        }
        Diagnosis fallback = hasCause(failure, SSLException.class) ? d.tlsFailure(String.valueOf(failure.getMessage()))
                : d.closed("failed: " + failure);
        return exception(endpoint, scheme, address, action, fallback, failure);
    }

    private static RegistryException exception(RegistryEndpoint endpoint, String scheme, String address, String action,
            Diagnosis diagnosis, Throwable cause) {
        return new RegistryException(action, endpoint.host(), address, endpoint.port(scheme), scheme, Side.DAEMON,
                endpoint.describeSettings(), diagnosis, cause);
    }

    private static String resolvedAddress(RegistryEndpoint endpoint) {
        try {
            return InetAddress.getByName(endpoint.hostName()).getHostAddress();
        } catch (UnknownHostException e) {
            return endpoint.hostName();
        }
    }

    static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !out.contains(t.getMessage())) {
                out.add(t.getMessage());
            }
        }
        return out.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", out);
    }

    /** One probe; holds the phase results as they come. */
    private static final class Run {
        private final RegistryEndpoint endpoint;
        private final String scheme;
        private final int port;
        private final int timeoutMillis;
        private final List<PhaseResult> phases = new ArrayList<>();
        private String address;
        private Diagnoses say;

        Run(RegistryEndpoint endpoint, String scheme) {
            this.endpoint = endpoint;
            this.scheme = scheme;
            this.port = endpoint.port(scheme);
            this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()));
            this.address = endpoint.hostName();
            this.say = new Diagnoses(endpoint, scheme, address, port);
        }

        ProbeReport run() {
            InetAddress resolved;
            try {
                InetAddress[] all = InetAddress.getAllByName(endpoint.hostName());
                resolved = all[0];
                address = resolved.getHostAddress();
                say = new Diagnoses(endpoint, scheme, address, port);
                phases.add(PhaseResult.ok(Phase.DNS, endpoint.hostName() + " → "
                        + String.join(", ", Arrays.stream(all).map(InetAddress::getHostAddress).toList())));
            } catch (UnknownHostException e) {
                phases.add(PhaseResult.failed(Phase.DNS, endpoint.hostName() + " does not resolve: " + e.getMessage()));
                return report(say.dnsFailure());
            }
            Socket socket = new Socket();
            try (socket) {
                try {
                    socket.connect(new InetSocketAddress(resolved, port), timeoutMillis);
                    socket.setSoTimeout(timeoutMillis);
                    phases.add(PhaseResult.ok(Phase.CONNECT, "connected to " + address + ":" + port));
                } catch (SocketTimeoutException e) {
                    phases.add(PhaseResult.failed(Phase.CONNECT, address + ":" + port + " timed out"));
                    return report(say.timeout(endpoint.connectTimeout()));
                } catch (ConnectException e) {
                    phases.add(PhaseResult.failed(Phase.CONNECT, address + ":" + port + ": " + e.getMessage()));
                    return report(say.refused());
                } catch (IOException e) {
                    phases.add(PhaseResult.failed(Phase.CONNECT, address + ":" + port + ": " + e.getMessage()));
                    return report(say.connectFailed(messages(e)));
                }
                Socket channel = socket;
                if ("https".equals(scheme)) {
                    var tls = new TlsStep(endpoint, say, phases);
                    channel = tls.handshake(socket, port);
                    if (channel == null) {
                        Diagnosis diagnosis = tls.diagnosis();
                        if (diagnosis.kind() == Diagnosis.Kind.TLS_FAILURE && tls.unrecognizedRecord()
                                && answersPlainHttp(resolved)) {
                            diagnosis = say.plainHttpOnHttpsPort();
                        }
                        return report(diagnosis);
                    }
                }
                return report(apiCheck(channel));
            } catch (IOException e) {
                return report(say.closed("failed: " + messages(e)));
            }
        }

        private Diagnosis apiCheck(Socket channel) {
            HttpAnswer answer;
            try {
                answer = HttpAnswer.get(channel, endpoint.host(), "/v2" + endpoint.pathPrefix() + "/");
            } catch (SSLException e) {
                Diagnosis tls = TlsStep.fromAlert(say, e);
                phases.add(PhaseResult.failed(Phase.TLS, "after the handshake: " + messages(e)));
                return tls;
            } catch (IOException e) {
                phases.add(PhaseResult.failed(Phase.HTTP, "GET /v2/: " + messages(e)));
                return say.closed("closed the connection: " + messages(e));
            }
            if (answer.tlsAlert()) {
                phases.add(PhaseResult.failed(Phase.HTTP, "GET /v2/ was answered with TLS bytes, not HTTP"));
                return say.httpToHttpsPort("was answered with a TLS alert");
            }
            if (answer.status() < 0) {
                phases.add(PhaseResult.failed(Phase.HTTP, "GET /v2/ got no HTTP answer"));
                return say.closed("closed the connection without an HTTP answer");
            }
            String summary = "GET /v2" + endpoint.pathPrefix() + "/ → " + answer.status();
            if (answer.status() == 400 && answer.body().contains("HTTP request to an HTTPS server")) {
                phases.add(PhaseResult.failed(Phase.HTTP, summary + " " + answer.body().strip()));
                return say.httpToHttpsPort("answered 400 \"" + answer.body().strip() + "\"");
            }
            if (answer.status() == 200) {
                phases.add(PhaseResult.ok(Phase.HTTP, summary));
                phases.add(new PhaseResult(Phase.AUTH, PhaseResult.Status.SKIPPED, "anonymous access allowed"));
                return say.ok(scheme + "://" + endpoint.host() + "/v2/ answered 200");
            }
            if (answer.status() == 401) {
                String challenge = answer.header("www-authenticate");
                phases.add(PhaseResult.ok(Phase.HTTP, summary));
                phases.add(PhaseResult.ok(Phase.AUTH, challenge == null ? "401 without a WWW-Authenticate challenge"
                        : "challenge: " + challenge));
                return say.ok(scheme + "://" + endpoint.host() + "/v2/ answered 401 (credentials needed"
                        + (challenge == null ? "" : ", " + challenge.split(" ", 2)[0] + " challenge") + ")");
            }
            phases.add(PhaseResult.failed(Phase.HTTP, summary));
            return say.httpError(answer.status(), answer.body());
        }

        /** After a handshake that could not parse the answer: does the port speak plain HTTP? */
        private boolean answersPlainHttp(InetAddress resolved) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(resolved, port), timeoutMillis);
                plain.setSoTimeout(timeoutMillis);
                HttpAnswer answer = HttpAnswer.get(plain, endpoint.host(), "/v2/");
                if (answer.status() > 0) {
                    phases.add(PhaseResult.failed(Phase.TLS, "the port answers plain HTTP: GET /v2/ → "
                            + answer.status()));
                    return true;
                }
            } catch (IOException e) {
                // Not plain HTTP either; the TLS failure stands.
            }
            return false;
        }

        private ProbeReport report(Diagnosis diagnosis) {
            return new ProbeReport(endpoint.host(), endpoint.describeSettings(), scheme, address, port, phases,
                    diagnosis);
        }
    }

    /** The TLS phase: handshake with SNI, recording the chain and classifying failures. */
    private static final class TlsStep {
        private final RegistryEndpoint endpoint;
        private final Diagnoses say;
        private final List<PhaseResult> phases;
        private final ChainRecorder recorder;
        private Diagnosis diagnosis;
        private boolean unrecognizedRecord;

        TlsStep(RegistryEndpoint endpoint, Diagnoses say, List<PhaseResult> phases) {
            this.endpoint = endpoint;
            this.say = say;
            this.phases = phases;
            this.recorder = new ChainRecorder(endpoint.tls().trustManager());
        }

        SSLSocket handshake(Socket socket, int port) {
            String sni = endpoint.hostIsIpLiteral() ? null : endpoint.hostName();
            try {
                var factory = endpoint.tls().contextWith(recorder::wrap).getSocketFactory();
                var ssl = (SSLSocket) factory.createSocket(socket, endpoint.hostName(), port, false);
                SSLParameters parameters = ssl.getSSLParameters();
                if (sni != null) {
                    parameters.setServerNames(List.of(new SNIHostName(sni)));
                }
                if (endpoint.tls().verifies()) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                X509Certificate[] chain = recorder.chain();
                phases.add(PhaseResult.ok(Phase.TLS, ssl.getSession().getProtocol() + ", SNI "
                        + (sni == null ? "none (IP address)" : "\"" + sni + "\"")
                        + (endpoint.tls().verifies() ? ", verified" : ", not verified (insecure = true)")
                        + describeChain(chain)));
                return ssl;
            } catch (IOException e) {
                X509Certificate[] chain = recorder.chain();
                phases.add(PhaseResult.failed(Phase.TLS, "SNI " + (sni == null ? "none (IP address)" : "\"" + sni
                        + "\"") + ": " + messages(e) + describeChain(chain)));
                diagnosis = classify(e, chain);
                return null;
            }
        }

        Diagnosis diagnosis() {
            return diagnosis;
        }

        boolean unrecognizedRecord() {
            return unrecognizedRecord;
        }

        private Diagnosis classify(IOException e, X509Certificate[] chain) {
            String text = messages(e).toLowerCase(Locale.ROOT);
            if (text.contains("unsupported or unrecognized ssl message") || text.contains("plaintext connection")) {
                unrecognizedRecord = true;
                return say.tlsFailure(messages(e));
            }
            if (recorder.failure() != null && chain.length > 0) {
                return classifyChain(chain);
            }
            return fromAlert(say, e);
        }

        private Diagnosis classifyChain(X509Certificate[] chain) {
            if (endpoint.tls().chainProblem(chain, "UNKNOWN").isPresent()) {
                return say.unknownAuthority(chain);
            }
            if (Certificates.sans(chain[0]).isEmpty()) {
                return say.commonNameOnly(chain[0]);
            }
            if (!Certificates.matches(chain[0], endpoint.hostName(), endpoint.hostIsIpLiteral())) {
                return say.nameMismatch(chain[0]);
            }
            return say.tlsFailure(messages(recorder.failure()));
        }

        static Diagnosis fromAlert(Diagnoses say, IOException e) {
            String text = messages(e);
            String lower = text.toLowerCase(Locale.ROOT);
            for (String alert : List.of("unrecognized_name", "certificate_required", "bad_certificate",
                    "unknown_ca", "certificate_unknown")) {
                if (lower.contains(alert)) {
                    return alert.equals("unrecognized_name") ? say.sniRejected(alert)
                            : say.clientCertificateRejected(alert);
                }
            }
            return say.tlsFailure(text);
        }

        private static String describeChain(X509Certificate[] chain) {
            var out = new StringBuilder();
            for (int i = 0; i < chain.length; i++) {
                out.append("\ncertificate ").append(i).append(": ").append(Certificates.describe(chain[i]));
            }
            return out.toString();
        }
    }

    /** A minimal HTTP/1.1 exchange on an open socket: enough to read a status, headers and a short body. */
    private record HttpAnswer(int status, List<String> headers, String body, boolean tlsAlert) {

        static HttpAnswer get(Socket socket, String host, String path) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: jbuildkit-registry-probe\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            var buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            try {
                while (buffer.size() < MAX_RESPONSE && (n = in.read(chunk)) > 0) {
                    buffer.write(chunk, 0, n);
                    if (complete(buffer)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (buffer.size() == 0) {
                    throw e;
                }
            }
            byte[] bytes = buffer.toByteArray();
            if (bytes.length >= 2 && bytes[0] == 0x15 && bytes[1] == 0x03) {
                return new HttpAnswer(-1, List.of(), "", true);
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/")) {
                return new HttpAnswer(-1, List.of(), text, false);
            }
            int headerEnd = text.indexOf("\r\n\r\n");
            String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
            String body = headerEnd < 0 ? "" : text.substring(headerEnd + 4);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(statusLine.length > 1 ? statusLine[1] : "");
            } catch (NumberFormatException e) {
                status = -1;
            }
            return new HttpAnswer(status, Arrays.asList(lines).subList(1, lines.length), body, false);
        }

        String header(String name) {
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        private static boolean complete(ByteArrayOutputStream buffer) {
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                return false;
            }
            for (String line : text.substring(0, headerEnd).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    try {
                        int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                        return text.length() - headerEnd - 4 >= length;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return false;
        }
    }

    /** Keeps the chain the server presented and the verification failure, if any. */
    static final class ChainRecorder {
        private final javax.net.ssl.X509ExtendedTrustManager delegate;
        private volatile X509Certificate[] chain = new X509Certificate[0];
        private volatile CertificateException failure;

        ChainRecorder(javax.net.ssl.X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        X509Certificate[] chain() {
            return chain.clone();
        }

        CertificateException failure() {
            return failure;
        }

        javax.net.ssl.X509ExtendedTrustManager wrap(javax.net.ssl.X509ExtendedTrustManager ignored) {
            return new RecordingTrustManager(this, delegate);
        }

        void record(X509Certificate[] presented) {
            chain = presented == null ? new X509Certificate[0] : presented.clone();
        }

        void failed(CertificateException e) {
            failure = e;
        }
    }
}
