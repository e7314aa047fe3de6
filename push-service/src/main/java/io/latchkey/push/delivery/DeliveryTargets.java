package io.latchkey.push.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a callback or webhook URL may be called: http(s) only, and not into private networks (loopback, RFC 1918,
 * link-local, unique-local IPv6, wildcard, multicast) unless allowed, so that an application's setting
 * cannot make the platform call its own internal services. The name is resolved here and again by the HTTP
 * client, so a DNS answer that changes in between (rebinding) is not caught: pin egress at the network too.
 */
public final class DeliveryTargets {

    private DeliveryTargets() {
    }

    /** Why the target is refused, or empty when it may be called. */
    public static Optional<String> refusal(String url, boolean allowPrivateNetworks) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("not an http(s) URL");
        }
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isPrivate(address)) {
                    return Optional.of("target on a private network (set LATCHKEY_OUTBOUND_ALLOW_PRIVATE_NETWORKS to allow)");
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("unknown host");
        }
    }

    static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6;
    }
}
