package dev.fleetops.events;

import dev.fleetops.sim.SimRegion;

import java.time.Duration;
import java.util.Locale;

/** A simulated SQS queue of distinct Spot warnings, and what it shows: the SqsSource tests on virtual time. */
final class SimQueues {

    private SimQueues() { }

    /** A new queue {@code name} holding {@code n} Spot warnings, each its own event and instance. */
    static String spotWarnings(SimRegion region, String name, int n) {
        var sqs = region.cloud().sqs();
        String url = region.scheduler().await(sqs.createQueue(b -> b.queueName(name)), Duration.ofMinutes(1)).queueUrl();
        for (int i = 0; i < n; i++) {
            String body = Fixtures.SPOT.replace("\"id\":\"spot-1\"", "\"id\":\"spot-" + name + "-" + i + "\"")
                    .replace("i-1234567890abcdef0", String.format(Locale.ROOT, "i-%017x", i));
            region.scheduler().await(sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)), Duration.ofMinutes(1));
        }
        return url;
    }

    /** Messages another consumer could receive now. */
    static int visible(SimRegion region, String url) {
        return count(region, url, "ApproximateNumberOfMessages");
    }

    /** Messages still in the queue: visible, or in some consumer's hands. */
    static int visibleOrInFlight(SimRegion region, String url) {
        return count(region, url, "ApproximateNumberOfMessages") + count(region, url, "ApproximateNumberOfMessagesNotVisible");
    }

    private static int count(SimRegion region, String url, String attribute) {
        var a = region.scheduler().await(region.cloud().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNamesWithStrings(attribute)), Duration.ofMinutes(1)).attributesAsStrings();
        return Integer.parseInt(a.get(attribute));
    }
}
