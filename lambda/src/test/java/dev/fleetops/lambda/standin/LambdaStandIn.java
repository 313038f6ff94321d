package dev.fleetops.lambda.standin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Lambda Java runtime does with a function's jar, in a fresh JVM whose class path is that jar and this
 * class alone: load the handler class by its name, build it once, invoke it with each event. It depends on nothing
 * but the JDK and the classes the jar must hold, so a class the jar lost fails here as it would on Lambda.
 *
 * <p>Arguments: invocations, each {@code CLASS=FILE} (a stream handler gets the file's bytes) or
 * {@code CLASS=FILE,FILE...} for SqsFunction (one SQS message per file, ids msg-1, msg-2...). Prints one line per
 * invocation, {@code CLASS -> OUTPUT} or {@code CLASS failed: TYPE: MESSAGE (N stack frames)}, then
 * {@code first-event-ms=N}: the time from the JVM's start to the end of the first invocation (cold start).
 */
public final class LambdaStandIn {

    private LambdaStandIn() { }

    public static void main(String[] args) throws Exception {
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Long firstEvent = null;
        for (String invocation : args) {
            String className = invocation.substring(0, invocation.indexOf('='));
            String[] files = invocation.substring(invocation.indexOf('=') + 1).split(",");
            String out;
            try {
                Object handler = Class.forName(className).getConstructor().newInstance();
                out = className + " -> " + invoke(handler, files);
            } catch (Exception | LinkageError e) {
                out = className + " failed: " + e.getClass().getName() + ": " + e.getMessage() + " ("
                        + e.getStackTrace().length + " stack frames)";
            }
            if (firstEvent == null) firstEvent = Duration.between(started, Instant.now()).toMillis();
            System.out.println(out);
        }
        System.out.println("first-event-ms=" + firstEvent);
    }

    @SuppressWarnings("unchecked")
    private static String invoke(Object handler, String[] files) throws Exception {
        if (handler instanceof RequestStreamHandler h) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            h.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(files[0]))), out, null);
            return out.toString(StandardCharsets.UTF_8);
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("msg-" + (i + 1));
            m.setBody(Files.readString(Path.of(files[i])));
            m.setEventSource("aws:sqs");
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse r = ((RequestHandler<SQSEvent, SQSBatchResponse>) handler).handleRequest(event, null);
        List<String> failed = new ArrayList<>();
        for (SQSBatchResponse.BatchItemFailure f : r.getBatchItemFailures()) failed.add(f.getItemIdentifier());
        return "batchItemFailures=" + failed;
    }
}
