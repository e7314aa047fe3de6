package io.latchkey.notifier.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The SDK's own HTTP client with two changes. It makes exactly one request per call: the SDK
 * would otherwise repeat a 5xx three times at once (and Apache's client a 429 or 503), while the notifier owns retries (backoff with
 * jitter, spread over minutes, recorded in the delivery log). And it can send every request to
 * another base URL (TOOLCHAIN.md "Twilio SDK against a local server"): region and edge settings
 * only rewrite {@code api.{edge}.{region}.twilio.com}, so the route is replaced instead; the path,
 * form body and Basic auth stay exactly as the SDK builds them.
 */
final class TwilioHttpClient extends NetworkHttpClient {

    private TwilioHttpClient(HttpClientBuilder builder) {
        super(builder);
    }

    static TwilioHttpClient create(Duration connectTimeout, Duration readTimeout, Optional<String> apiBaseUrl) {
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .setMaxConnTotal(20)
                        .setMaxConnPerRoute(20)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .build())
                // Apache's default repeats a 429/503 at once; retries are the notifier's (see above)
                .disableAutomaticRetries()
                .useSystemProperties();
        apiBaseUrl.filter(url -> !url.isBlank()).ifPresent(url -> {
            URI base = URI.create(url);
            HttpHost target = new HttpHost(base.getScheme(), base.getHost(), base.getPort());
            builder.setRoutePlanner((requestedTarget, context) -> new HttpRoute(target));
        });
        return new TwilioHttpClient(builder);
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }
}
