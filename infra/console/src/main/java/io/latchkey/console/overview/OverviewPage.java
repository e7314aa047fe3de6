package io.latchkey.console.overview;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.ConsoleConfig;
import io.latchkey.console.overview.StatsApi.ApplicationStats;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's first page: each application's month side by side (verifications by outcome, SMS and calls
 * requested, new users) with the totals, and the verifications as a bar chart drawn on the server (SVG, no script).
 * The counts come from user-service, which counts the platform's events: a verification shows here seconds after
 * its answer. The month's SMS and calls by outcome come from notifier-service, its OneTouch approval requests by
 * status and its webhook backlog and failing endpoints now from push-service; each service tells its database,
 * broker and consumer lag.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    private static final Logger LOG = Logger.getLogger(OverviewPage.class);

    /** The chart's geometry, in SVG user units. */
    static final int CHART_WIDTH = 640;
    static final int LABEL_WIDTH = 180;
    static final int ROW_HEIGHT = 26;
    static final int BAR_HEIGHT = 18;

    /** One application's bar: valid, then invalid, then locked-out verifications, to scale. */
    public record Bar(String name, int y, int textY, int validX, int validWidth, int invalidX, int invalidWidth,
            int lockedX, int lockedWidth, String summary) {
    }

    public record Totals(long valid, long invalid, long lockedOut, long sms, long calls, long newUsers) {
    }

    /** One application's approval requests of the month by status; {@code name} from user-service's list. */
    public record OneTouchRow(long applicationId, String name, long pending, long approved, long denied, long expired) {
    }

    /** One application's SMS and calls of the month by outcome. */
    public record DeliveryRow(long applicationId, String name, DeliveryStatsApi.Outcomes sms, DeliveryStatsApi.Outcomes voice) {

        /** Queued or being retried, both channels. */
        public long pending() {
            return sms.pending() + voice.pending();
        }

        long total() {
            return sms.sent() + sms.failed() + voice.sent() + voice.failed() + pending();
        }
    }

    /** The month's deliveries, or {@code available} false when notifier-service did not answer. */
    public record Deliveries(boolean available, DeliveryRow totals, List<DeliveryRow> applications) {
    }

    /** One application's outbound traffic now. */
    public record OutboundRow(long applicationId, String name, long backlog, long failingEndpoints,
            long disabledEndpoints, long callbacksPending) {
    }

    /** Outbound traffic now, or {@code available} false when push-service did not answer. */
    public record Outbound(boolean available, OutboundRow totals, List<OutboundRow> applications) {
    }

    /** One service as the overview shows it: {@code status} null when it did not answer. */
    public record ServiceHealth(String service, ServiceStatusApi.Status status) {

        /** Records its consumers have not committed yet, summed; null when the broker did not tell. */
        public Long lag() {
            if (status == null || status.consumers().stream().anyMatch(consumer -> consumer.lag() == null)) {
                return null;
            }
            return status.consumers().stream().mapToLong(ServiceStatusApi.ConsumerLag::lag).sum();
        }
    }

    /** The month's OneTouch figures, or {@code available} false when push-service did not answer. */
    public record OneTouch(boolean available, OneTouchRow totals, List<OneTouchRow> applications) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(String month, List<ApplicationStats> applications, int more,
                Totals totals, List<Bar> bars, int chartWidth, int chartHeight, OneTouch onetouch, Deliveries deliveries, Outbound outbound,
                List<ServiceHealth> health);
    }

    @Inject
    @RestClient
    StatsApi stats;

    @Inject
    @RestClient
    OneTouchStatsApi onetouchStats;

    @Inject
    @RestClient
    DeliveryStatsApi deliveryStats;

    @Inject
    @RestClient
    WebhookStatsApi webhookStats;

    @Inject
    @RestClient
    ServiceStatusApi serviceStatus;

    @Inject
    ConsoleConfig config;

    @GET
    public TemplateInstance overview(@RestQuery String month) {
        StatsApi.MonthStats shown = stats.month(month == null || month.isBlank() ? null : month.trim());
        // the busiest first; a long tail of quiet applications is summed in the totals, not listed
        List<ApplicationStats> busiest = shown.applications().stream()
                .sorted(Comparator.comparingLong((ApplicationStats a) -> a.verifications().total()).reversed()
                        .thenComparing(ApplicationStats::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        List<ApplicationStats> listed = busiest.subList(0, Math.min(busiest.size(), config.pageSize()));
        Totals totals = new Totals(sum(busiest, a -> a.verifications().valid()),
                sum(busiest, a -> a.verifications().invalid()), sum(busiest, a -> a.verifications().lockedOut()),
                sum(busiest, ApplicationStats::smsRequested), sum(busiest, ApplicationStats::callsRequested),
                sum(busiest, ApplicationStats::newUsers));
        List<Bar> bars = bars(listed.subList(0, Math.min(listed.size(), 10)));
        return Templates.overview(shown.month(), listed, busiest.size() - listed.size(), totals, bars, CHART_WIDTH,
                Math.max(1, bars.size()) * ROW_HEIGHT + 4, onetouch(shown), deliveries(shown), outbound(shown), health());
    }

    /** Each service's database, broker and consumer lag, as one of its instances sees them. */
    private List<ServiceHealth> health() {
        return ServiceStatusApi.SERVICES.stream().map(service -> {
            try {
                return new ServiceHealth(service, serviceStatus.status(service));
            } catch (WebApplicationException | ProcessingException e) {
                LOG.warnf("%s did not tell its health: %s", service, e.getMessage());
                return new ServiceHealth(service, null);
            }
        }).toList();
    }

    /** push-service's outbound traffic now (not of the month shown: a backlog is a now thing). */
    private Outbound outbound(StatsApi.MonthStats shown) {
        WebhookStatsApi.Now now;
        try {
            now = webhookStats.now();
        } catch (WebApplicationException | ProcessingException e) {
            LOG.warnf("webhook figures not shown: %s", e.getMessage());
            return new Outbound(false, null, List.of());
        }
        Map<Long, String> names = namesOf(shown);
        List<OutboundRow> rows = now.applications().stream()
                .map(a -> new OutboundRow(a.applicationId(), nameOf(names, a.applicationId()), a.backlog(),
                        a.failingEndpoints(), a.disabledEndpoints(), a.callbacksPending()))
                .sorted(Comparator.comparingLong((OutboundRow r) -> r.backlog() + r.callbacksPending()).reversed()
                        .thenComparing(Comparator.comparingLong(OutboundRow::failingEndpoints).reversed()))
                .toList();
        OutboundRow totals = new OutboundRow(0, "all", sum(rows, OutboundRow::backlog), sum(rows, OutboundRow::failingEndpoints),
                sum(rows, OutboundRow::disabledEndpoints), sum(rows, OutboundRow::callbacksPending));
        return new Outbound(true, totals, rows.subList(0, Math.min(rows.size(), config.pageSize())));
    }

    /** notifier-service's figures for the same month; the rest of the page stands when it does not answer. */
    private Deliveries deliveries(StatsApi.MonthStats shown) {
        DeliveryStatsApi.MonthStats counted;
        try {
            counted = deliveryStats.month(shown.month());
        } catch (WebApplicationException | ProcessingException e) {
            LOG.warnf("delivery figures of %s not shown: %s", shown.month(), e.getMessage());
            return new Deliveries(false, null, List.of());
        }
        Map<Long, String> names = namesOf(shown);
        List<DeliveryRow> rows = counted.applications().stream()
                .map(a -> new DeliveryRow(a.applicationId(), nameOf(names, a.applicationId()), a.sms(), a.voice()))
                .sorted(Comparator.comparingLong(DeliveryRow::total).reversed())
                .toList();
        DeliveryRow totals = new DeliveryRow(0, "all",
                new DeliveryStatsApi.Outcomes(sum(rows, r -> r.sms().sent()), sum(rows, r -> r.sms().failed()),
                        sum(rows, r -> r.sms().pending())),
                new DeliveryStatsApi.Outcomes(sum(rows, r -> r.voice().sent()), sum(rows, r -> r.voice().failed()),
                        sum(rows, r -> r.voice().pending())));
        return new Deliveries(true, totals, rows.subList(0, Math.min(rows.size(), config.pageSize())));
    }

    private static Map<Long, String> namesOf(StatsApi.MonthStats shown) {
        return shown.applications().stream()
                .collect(Collectors.toMap(ApplicationStats::applicationId, ApplicationStats::name, (a, b) -> a));
    }

    /** An application user-service no longer lists (deleted) still has its figures. */
    private static String nameOf(Map<Long, String> names, long applicationId) {
        return names.getOrDefault(applicationId, "application " + applicationId);
    }

    private static <T> long sum(List<T> rows, ToLongFunction<T> count) {
        return rows.stream().mapToLong(count).sum();
    }

    /** push-service's figures for the same month; the rest of the page stands when it does not answer. */
    private OneTouch onetouch(StatsApi.MonthStats shown) {
        OneTouchStatsApi.MonthStats counted;
        try {
            counted = onetouchStats.month(shown.month());
        } catch (WebApplicationException | ProcessingException e) {
            LOG.warnf("OneTouch figures of %s not shown: %s", shown.month(), e.getMessage());
            return new OneTouch(false, null, List.of());
        }
        Map<Long, String> names = namesOf(shown);
        List<OneTouchRow> rows = counted.applications().stream()
                .map(a -> new OneTouchRow(a.applicationId(), nameOf(names, a.applicationId()),
                        a.pending(), a.approved(), a.denied(), a.expired()))
                .sorted(Comparator.comparingLong((OneTouchRow r) -> r.pending() + r.approved() + r.denied() + r.expired())
                        .reversed())
                .toList();
        OneTouchRow totals = new OneTouchRow(0, "all", sum(rows, OneTouchRow::pending), sum(rows, OneTouchRow::approved),
                sum(rows, OneTouchRow::denied), sum(rows, OneTouchRow::expired));
        return new OneTouch(true, totals, rows.subList(0, Math.min(rows.size(), config.pageSize())));
    }

    static List<Bar> bars(List<ApplicationStats> applications) {
        long largest = Math.max(1, applications.stream().mapToLong(a -> a.verifications().total()).max().orElse(1));
        double scale = (double) (CHART_WIDTH - LABEL_WIDTH - 8) / largest;
        return IntStream.range(0, applications.size()).mapToObj(i -> {
            StatsApi.Verifications v = applications.get(i).verifications();
            int valid = (int) Math.round(v.valid() * scale);
            int invalid = (int) Math.round(v.invalid() * scale);
            int locked = (int) Math.round(v.lockedOut() * scale);
            int y = i * ROW_HEIGHT + 2;
            return new Bar(applications.get(i).name(), y, y + BAR_HEIGHT - 4, LABEL_WIDTH, valid, LABEL_WIDTH + valid,
                    invalid,
                    LABEL_WIDTH + valid + invalid, locked,
                    v.valid() + " valid, " + v.invalid() + " invalid, " + v.lockedOut() + " locked out");
        }).toList();
    }
}
