package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Topology;
import io.camunda.client.protocol.rest.BrokerInfo;
import io.camunda.client.protocol.rest.Partition;
import io.camunda.client.protocol.rest.TopologyResponse;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v2/topology}: this node and its partitions, every one led here and healthy. */
@RestController
@RequestMapping("/v2")
public final class TopologyController {

    private final Engine engine;
    private final Supplier<String> host;
    private final IntSupplier port;

    /**
     * @param host the host the topology reports for this node (the gRPC gateway's advertised host)
     * @param port the gRPC gateway's port, asked per request because it is known only after the server bound it
     */
    public TopologyController(Engine engine, Supplier<String> host, IntSupplier port) {
        this.engine = engine;
        this.host = host;
        this.port = port;
    }

    @GetMapping("/topology")
    public TopologyResponse topology() {
        Topology topology = engine.topology();
        BrokerInfo broker = new BrokerInfo()
                .nodeId(topology.nodeId())
                .host(host.get())
                .port(port.getAsInt())
                .version(topology.version());
        for (int partition = 1; partition <= topology.partitionsCount(); partition++) {
            broker.addPartitionsItem(new Partition()
                    .partitionId(partition)
                    .role(Partition.RoleEnum.LEADER)
                    .health(Partition.HealthEnum.HEALTHY));
        }
        return new TopologyResponse()
                .addBrokersItem(broker)
                .clusterSize(1)
                .partitionsCount(topology.partitionsCount())
                .replicationFactor(1)
                .gatewayVersion(topology.version());
    }
}
