package dev.weft.workers.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses outbound calls to addresses a flow author should not reach from the server: loopback, link-local
 * (including cloud metadata at 169.254.169.254), private ranges (10/8, 172.16/12, 192.168/16, fc00::/7),
 * carrier-grade NAT (100.64/10), unspecified and multicast addresses. Every address a host resolves to must be
 * public, so a DNS name cannot smuggle a private address in. Hosts on the operator's allow-list (configuration;
 * exact host name or IP literal) bypass the check. Hosts a flow allow-lists itself (a node's {@code allowHosts})
 * may be private or loopback, but never link-local or a cloud metadata endpoint: whoever edits a flow cannot
 * open the way to the server's cloud credentials.
 *
 * <p>Limitation: the JDK client resolves the name again when it connects, so a DNS server that answers
 * differently within that window (rebinding) is not stopped here; redirects are never followed.
 */
public final class SsrfGuard {

    /** Why a URL was refused; the message names the host and the reason. */
    public static final class BlockedException extends RuntimeException {
        public BlockedException(String message) {
            super(message);
        }
    }

    /** Metadata endpoints outside link-local: Alibaba Cloud (in 100.64/10) and AWS over IPv6 (in fc00::/7). */
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final Set<String> allowHosts;
    private final Set<String> flowAllowHosts;

    /** @param allowHosts the operator's allow-list: these hosts bypass every check */
    public SsrfGuard(Set<String> allowHosts) {
        this(allowHosts, Set.of());
    }

    /**
     * @param allowHosts     the operator's allow-list: these hosts bypass every check
     * @param flowAllowHosts a flow's own allow-list: private and loopback addresses, never link-local or metadata
     */
    public SsrfGuard(Set<String> allowHosts, Set<String> flowAllowHosts) {
        this.allowHosts = normalize(allowHosts);
        this.flowAllowHosts = normalize(flowAllowHosts);
    }

    private static Set<String> normalize(Set<String> hosts) {
        return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT).trim().replaceAll("^\\[|]$", ""))
                .collect(java.util.stream.Collectors.toSet());
    }

    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedException("only http and https URLs are allowed, got '" + scheme + ":'");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new BlockedException("the URL has no host");
        }
        String normalized = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (allowHosts.contains(normalized)) {
            return;
        }
        if (normalized.equals("metadata.google.internal") || normalized.endsWith(".internal")) {
            throw new BlockedException("host '" + host + "' is an internal metadata name");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(normalized);
        } catch (UnknownHostException e) {
            throw new BlockedException("host '" + host + "' does not resolve");
        }
        if (flowAllowHosts.contains(normalized)) {
            for (InetAddress a : addresses) {
                String reason = metadataReason(a);
                if (reason != null) {
                    throw new BlockedException("host '" + host + "' resolves to " + a.getHostAddress() + " (" + reason
                            + "); a flow's allowHosts cannot open it, only the server's configured allow-list");
                }
            }
            return;
        }
        for (InetAddress a : addresses) {
            String reason = privateReason(a);
            if (reason != null) {
                throw new BlockedException("host '" + host + "' resolves to " + a.getHostAddress() + " (" + reason
                        + "); add it to allowHosts if this is intended");
            }
        }
    }

    /** Why a flow may not reach this address even when it allow-lists it, or null. */
    static String metadataReason(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && isMappedV4(b)) {
            try {
                return metadataReason(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return "unreadable mapped address";
            }
        }
        if (a.isLinkLocalAddress()) {
            return "link-local, where cloud metadata services live";
        }
        if (METADATA_ADDRESSES.contains(a.getHostAddress().replaceAll("%.*$", ""))) {
            return "a cloud metadata endpoint";
        }
        return null;
    }

    static String privateReason(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local, where cloud metadata services live";
        }
        if (a.isSiteLocalAddress()) {
            return "private network";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified address";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "carrier-grade NAT";
        }
        if (a instanceof Inet4Address && (b[0] & 0xff) == 0) {
            return "this-network address";
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "unique local address";
        }
        if (a instanceof Inet6Address v6 && isMappedV4(b)) {
            try {
                return privateReason(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return "unreadable mapped address " + v6.getHostAddress();
            }
        }
        return null;
    }

    private static boolean isMappedV4(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
