package io.kcrawler.worker.support;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.schedule.v1.ScheduleInfo;
import io.temporal.api.schedule.v1.ScheduleListEntry;
import io.temporal.api.schedule.v1.ScheduleListInfo;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.CreateScheduleResponse;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleResponse;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import io.temporal.api.workflowservice.v1.PatchScheduleRequest;
import io.temporal.api.workflowservice.v1.PatchScheduleResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Plays Temporal's Schedule API (WorkflowService CreateSchedule, DescribeSchedule, ListSchedules,
 * PatchSchedule, DeleteSchedule) on a local port, keeping schedules in memory and recording every
 * request, because Temporal's Java test server answers UNIMPLEMENTED for them. Status codes follow
 * the real frontend: ALREADY_EXISTS for a duplicate id, NOT_FOUND for an unknown one.
 */
public final class ScheduleContractServer implements AutoCloseable {
  private final List<Message> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
  private final Server server;

  private ScheduleContractServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
  }

  public static ScheduleContractServer start() throws IOException {
    return new ScheduleContractServer();
  }

  public String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Every schedule request received, oldest first. */
  public List<Message> requests() {
    return List.copyOf(requests);
  }

  public <T extends Message> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public void clear() {
    requests.clear();
    schedules.clear();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static final Timestamp NEXT_RUN =
      Timestamp.newBuilder().setSeconds(1_900_000_000L).build();

  private final class Service extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("contract").build());
      response.onCompleted();
    }

    @Override
    public void createSchedule(
        CreateScheduleRequest request, StreamObserver<CreateScheduleResponse> response) {
      requests.add(request);
      if (schedules.putIfAbsent(request.getScheduleId(), request.getSchedule()) != null) {
        response.onError(
            Status.ALREADY_EXISTS
                .withDescription("schedule with this ID is already registered")
                .asRuntimeException());
        return;
      }
      response.onNext(CreateScheduleResponse.getDefaultInstance());
      response.onCompleted();
    }

    @Override
    public void describeSchedule(
        DescribeScheduleRequest request, StreamObserver<DescribeScheduleResponse> response) {
      requests.add(request);
      Schedule s = schedules.get(request.getScheduleId());
      if (s == null) {
        response.onError(notFound(request.getScheduleId()));
        return;
      }
      response.onNext(
          DescribeScheduleResponse.newBuilder()
              .setSchedule(s)
              .setInfo(
                  ScheduleInfo.newBuilder()
                      .setActionCount(0)
                      .addFutureActionTimes(NEXT_RUN)
                      .setCreateTime(Timestamp.newBuilder().setSeconds(1_800_000_000L)))
              .build());
      response.onCompleted();
    }

    @Override
    public void listSchedules(
        ListSchedulesRequest request, StreamObserver<ListSchedulesResponse> response) {
      requests.add(request);
      ListSchedulesResponse.Builder out = ListSchedulesResponse.newBuilder();
      schedules.forEach(
          (id, s) ->
              out.addSchedules(
                  ScheduleListEntry.newBuilder()
                      .setScheduleId(id)
                      .setInfo(
                          ScheduleListInfo.newBuilder()
                              .setSpec(s.getSpec())
                              .setWorkflowType(s.getAction().getStartWorkflow().getWorkflowType())
                              .setNotes(s.getState().getNotes())
                              .setPaused(s.getState().getPaused())
                              .addFutureActionTimes(NEXT_RUN))));
      response.onNext(out.build());
      response.onCompleted();
    }

    @Override
    public void patchSchedule(
        PatchScheduleRequest request, StreamObserver<PatchScheduleResponse> response) {
      requests.add(request);
      Schedule s = schedules.get(request.getScheduleId());
      if (s == null) {
        response.onError(notFound(request.getScheduleId()));
        return;
      }
      var state = s.getState().toBuilder();
      if (!request.getPatch().getPause().isEmpty()) {
        state.setPaused(true).setNotes(request.getPatch().getPause());
      }
      if (!request.getPatch().getUnpause().isEmpty()) {
        state.setPaused(false).setNotes(request.getPatch().getUnpause());
      }
      schedules.put(request.getScheduleId(), s.toBuilder().setState(state).build());
      response.onNext(PatchScheduleResponse.getDefaultInstance());
      response.onCompleted();
    }

    @Override
    public void deleteSchedule(
        DeleteScheduleRequest request, StreamObserver<DeleteScheduleResponse> response) {
      requests.add(request);
      if (schedules.remove(request.getScheduleId()) == null) {
        response.onError(notFound(request.getScheduleId()));
        return;
      }
      response.onNext(DeleteScheduleResponse.getDefaultInstance());
      response.onCompleted();
    }
  }

  private static RuntimeException notFound(String id) {
    return Status.NOT_FOUND.withDescription("schedule not found: " + id).asRuntimeException();
  }
}
