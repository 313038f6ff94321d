package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.AgentModel;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CancelCommandResponse;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CreateDocumentRequest;
import software.amazon.awssdk.services.ssm.model.CreateDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentRequest;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.GetDocumentRequest;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterValueException;
import software.amazon.awssdk.services.ssm.model.InvalidPluginNameException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Simulated SSM: documents, Run Command through a modelled agent ({@link Agent}) with rate control
 * ({@link SimCommand}), and the managed-node inventory ({@link ManagedInstances}). Operations are called by
 * {@link SimSsmClient} through the API gate, on the virtual-time thread.
 */
public final class SsmSim {

    private static final String COMMAND_ID = "^[0-9a-f-]{36}$";

    private final SimContext ctx;
    private final Documents documents;
    private final ManagedInstances managed;
    private final Agent agent;
    private final CommandRequests requests;
    private final InstanceInformation information;
    private final Map<String, SimCommand> commands = new LinkedHashMap<>();
    private final SsmAsyncClient client;

    public SsmSim(SimContext ctx, Instances instances, AgentModel agentModel) {
        this.ctx = ctx;
        this.documents = new Documents(ctx);
        this.managed = new ManagedInstances(ctx, instances);
        this.agent = new Agent(ctx, instances, managed, agentModel);
        this.requests = new CommandRequests(ctx, instances, documents, managed);
        this.information = new InstanceInformation(instances, managed);
        this.client = new SimSsmClient(this, ctx);
    }

    public SsmAsyncClient client() {
        return client;
    }

    // ------------------------------------------------------------------------------------------- documents

    CreateDocumentResponse createDocument(CreateDocumentRequest r) {
        return CreateDocumentResponse.builder().documentDescription(documents.create(r)).build();
    }

    GetDocumentResponse getDocument(GetDocumentRequest r) {
        SsmErrors.required("name", r.name());
        return documents.get(documents.require(r.name()));
    }

    DescribeDocumentResponse describeDocument(DescribeDocumentRequest r) {
        SsmErrors.required("name", r.name());
        return DescribeDocumentResponse.builder().document(documents.describe(documents.require(r.name()))).build();
    }

    // ------------------------------------------------------------------------------------------- commands

    SendCommandResponse sendCommand(SendCommandRequest r) {
        CommandRequests.Prepared p = requests.prepare(r, ctx.ids().uuid());
        SimCommand command = new SimCommand(ctx, p.spec(), p.targets());
        commands.put(command.id(), command);
        Command view = CommandViews.command(command);
        SimCommand.Spec s = p.spec();
        long execution = s.steps().stream().mapToLong(CommandDocument.Resolved::timeoutSeconds).sum();
        // A command not delivered within TimeoutSeconds never runs; nothing still running after delivery +
        // execution timeouts will report back (AWS Systems Manager User Guide: "Understanding command statuses").
        ctx.scheduler().schedule(Duration.ofSeconds(s.timeoutSeconds()), () -> timeOut(command, false));
        ctx.scheduler().schedule(Duration.ofSeconds(s.timeoutSeconds() + execution), () -> timeOut(command, true));
        // Sending starts after the response, as AWS answers Pending before any agent has it.
        ctx.scheduler().schedule(Duration.ZERO, () -> command.start(agent::send));
        return SendCommandResponse.builder().command(view).build();
    }

    private void timeOut(SimCommand command, boolean running) {
        for (Invocation inv : command.invocations().values()) {
            if (inv.done()) continue;
            if (running || inv.phase != Invocation.Phase.RUNNING) {
                command.terminate(inv, CommandInvocationStatus.TIMED_OUT, "DeliveryTimedOut");
            }
        }
    }

    GetCommandInvocationResponse getCommandInvocation(GetCommandInvocationRequest r) {
        SsmErrors.required("commandId", r.commandId());
        SsmErrors.required("instanceId", r.instanceId());
        SsmErrors.pattern("commandId", r.commandId(), COMMAND_ID);
        SimCommand c = commands.get(r.commandId());
        Invocation inv = c == null ? null : c.invocations().get(r.instanceId());
        if (inv == null) {
            throw SsmErrors.of(InvocationDoesNotExistException.builder(), "InvocationDoesNotExist",
                    "The command ID and instance ID you specified did not match any invocations.");
        }
        if (r.pluginName() == null || r.pluginName().isEmpty()) return CommandViews.get(inv);
        for (Invocation.Plugin p : inv.plugins) {
            if (p.name.equals(r.pluginName())) {
                return CommandViews.get(inv, p, CommandViews.status(p), p.details, p.responseCode);
            }
        }
        throw SsmErrors.of(InvalidPluginNameException.builder(), "InvalidPluginName",
                "The plugin name " + r.pluginName() + " is not valid.");
    }

    ListCommandsResponse listCommands(ListCommandsRequest r) {
        List<SimCommand> matching = new ArrayList<>();
        if (r.commandId() != null) {
            matching.add(requireCommand(r.commandId()));
        } else {
            matching.addAll(commands.values());
        }
        Predicate<SimCommand> filter = commandFilter(r.hasFilters() ? r.filters() : List.of());
        List<Command> views = new ArrayList<>();
        for (SimCommand c : matching) {
            if (r.instanceId() != null && !c.invocations().containsKey(r.instanceId())) continue;
            if (filter.test(c)) views.add(CommandViews.command(c));
        }
        Paging<Command> page = Paging.of(views, r.maxResults(), 1, 50, 50, r.nextToken());
        return ListCommandsResponse.builder().commands(page.page()).nextToken(page.nextToken()).build();
    }

    ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest r) {
        List<SimCommand> matching = r.commandId() != null ? List.of(requireCommand(r.commandId()))
                : List.copyOf(commands.values());
        Predicate<SimCommand> filter = commandFilter(r.hasFilters() ? r.filters() : List.of());
        boolean details = Boolean.TRUE.equals(r.details());
        List<CommandInvocation> views = new ArrayList<>();
        for (SimCommand c : matching) {
            if (!filter.test(c)) continue;
            for (Invocation inv : c.invocations().values()) {
                if (r.instanceId() != null && !inv.instanceId.equals(r.instanceId())) continue;
                views.add(CommandViews.invocation(inv, details));
            }
        }
        Paging<CommandInvocation> page = Paging.of(views, r.maxResults(), 1, 50, 50, r.nextToken());
        return ListCommandInvocationsResponse.builder().commandInvocations(page.page()).nextToken(page.nextToken())
                .build();
    }

    CancelCommandResponse cancelCommand(CancelCommandRequest r) {
        SimCommand c = requireCommand(r.commandId());
        boolean all = !r.hasInstanceIds() || r.instanceIds().isEmpty();
        if (all) c.cancel();
        for (Invocation inv : c.invocations().values()) {
            if (inv.done() || (!all && !r.instanceIds().contains(inv.instanceId))) continue;
            c.terminate(inv, CommandInvocationStatus.CANCELLED, "Canceled");
        }
        return CancelCommandResponse.builder().build();
    }

    private SimCommand requireCommand(String id) {
        SsmErrors.required("commandId", id);
        SimCommand c = commands.get(id);
        if (c == null) {
            throw SsmErrors.of(InvalidCommandIdException.builder(), "InvalidCommandId",
                    "The command ID " + id + " is not valid.");
        }
        return c;
    }

    /** CommandFilter keys InvokedAfter, InvokedBefore, Status, DocumentName, ExecutionStage. */
    private static Predicate<SimCommand> commandFilter(List<CommandFilter> filters) {
        Predicate<SimCommand> all = c -> true;
        for (CommandFilter f : filters) {
            String v = f.value();
            Predicate<SimCommand> p = switch (f.keyAsString()) {
                case "InvokedAfter" -> {
                    Instant t = instant(v);
                    yield c -> !c.spec().requested().isBefore(t);
                }
                case "InvokedBefore" -> {
                    Instant t = instant(v);
                    yield c -> !c.spec().requested().isAfter(t);
                }
                case "Status" -> c -> c.status().toString().equals(v);
                case "DocumentName" -> c -> c.spec().documentName().equals(v);
                case "ExecutionStage" -> c -> (c.completedCount() == c.targetCount() ? "Complete" : "Executing")
                        .equals(v);
                default -> throw SsmErrors.of(InvalidFilterKeyException.builder(), "InvalidFilterKey",
                        "The filter key " + f.keyAsString() + " is not valid.");
            };
            all = all.and(p);
        }
        return all;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw SsmErrors.of(InvalidFilterValueException.builder(), "InvalidFilterValue",
                    "The filter value " + value + " is not valid: expected a timestamp such as 2024-01-31T12:00:00Z.");
        }
    }

    // ------------------------------------------------------------------------------------------- managed nodes

    DescribeInstanceInformationResponse describeInstanceInformation(DescribeInstanceInformationRequest r) {
        return information.describe(r);
    }
}
