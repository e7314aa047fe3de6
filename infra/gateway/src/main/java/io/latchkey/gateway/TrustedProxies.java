package io.latchkey.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The load balancers in front of the gateway whose {@code X-Forwarded-*} it keeps: IP addresses or networks in
 * CIDR notation ({@code 10.42.0.0/16}, {@code fd00::/8}), as a Kubernetes ingress controller's pods change address
 * within the pod network. Literals only: a host name would cost a DNS lookup per request and could be re-pointed.
 */
final class TrustedProxies {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Network(byte[] address, int prefixBits) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            if (!Arrays.equals(Arrays.copyOf(candidate, fullBytes), Arrays.copyOf(address, fullBytes))) {
                return false;
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (candidate[fullBytes] & mask) == (address[fullBytes] & mask);
        }
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = networks;
    }

    /** @throws IllegalArgumentException for an entry that is not an IP literal or a CIDR network */
    static TrustedProxies of(List<String> entries) {
        return new TrustedProxies(entries.stream().map(String::trim).filter(entry -> !entry.isEmpty())
                .map(TrustedProxies::network).toList());
    }

    boolean trusts(String peerAddress) {
        if (networks.isEmpty() || !LITERAL.matcher(peerAddress).matches()) {
            return false;
        }
        byte[] peer = bytes(peerAddress);
        return networks.stream().anyMatch(network -> network.contains(peer));
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("latchkey.gateway.trusted-proxies: " + entry + " is not an IP address or network");
        }
        byte[] bytes = bytes(address);
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latchkey.gateway.trusted-proxies: " + entry + " has no valid prefix length", e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("latchkey.gateway.trusted-proxies: " + entry + " has no valid prefix length");
        }
        return new Network(bytes, prefix);
    }

    /** An IP literal's bytes; {@code InetAddress} parses literals without a lookup. */
    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal + " is not an IP address", e);
        }
    }
}
