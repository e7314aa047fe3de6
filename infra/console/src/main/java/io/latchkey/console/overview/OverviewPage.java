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
 * its answer. The month's OneTouch approval requests by status come from push-service. Deliveries sent/failed,
 * webhook backlog, consumer lag and health are not here yet (docs/console.md).
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

    /** The month's OneTouch figures, or {@code available} false when push-service did not answer. */
    public record OneTouch(boolean available, OneTouchRow totals, List<OneTouchRow> applications) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(String month, List<ApplicationStats> applications, int more,
                Totals totals, List<Bar> bars, int chartWidth, int chartHeight, OneTouch onetouch);
    }

    @Inject
    @RestClient
    StatsApi stats;

    @Inject
    @RestClient
    OneTouchStatsApi onetouchStats;

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
                Math.max(1, bars.size()) * ROW_HEIGHT + 4, onetouch(shown));
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
        Map<Long, String> names = shown.applications().stream()
                .collect(Collectors.toMap(ApplicationStats::applicationId, ApplicationStats::name, (a, b) -> a));
        List<OneTouchRow> rows = counted.applications().stream()
                .map(a -> new OneTouchRow(a.applicationId(), names.getOrDefault(a.applicationId(), "application " + a.applicationId()),
                        a.pending(), a.approved(), a.denied(), a.expired()))
                .sorted(Comparator.comparingLong((OneTouchRow r) -> r.pending() + r.approved() + r.denied() + r.expired())
                        .reversed())
                .toList();
        OneTouchRow totals = new OneTouchRow(0, "all", rows.stream().mapToLong(OneTouchRow::pending).sum(),
                rows.stream().mapToLong(OneTouchRow::approved).sum(), rows.stream().mapToLong(OneTouchRow::denied).sum(),
                rows.stream().mapToLong(OneTouchRow::expired).sum());
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

    private static long sum(List<ApplicationStats> applications, ToLongFunction<ApplicationStats> count) {
        return applications.stream().mapToLong(count).sum();
    }
}
