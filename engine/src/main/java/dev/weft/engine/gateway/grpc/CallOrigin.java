package dev.weft.engine.gateway.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/**
 * Remembers which client connection a call came in on. The Camunda client opens a worker's job stream and its
 * long polls on one connection, so when a stream ends the gateway can tell which waiting polls belong to the
 * worker that just closed (see {@link LongPolls#abandon}).
 */
final class CallOrigin implements ServerInterceptor {

    private static final Context.Key<SocketAddress> REMOTE = Context.key("weft-remote-address");

    /** The remote address of the call being handled on this thread, or {@code null} when unknown. */
    static SocketAddress current() {
        return REMOTE.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return Contexts.interceptCall(Context.current().withValue(REMOTE, remote), call, headers, next);
    }
}
