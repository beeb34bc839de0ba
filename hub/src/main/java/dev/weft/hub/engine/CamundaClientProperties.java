package dev.weft.hub.engine;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Camunda client the hub's designer and workers use ({@code weft.camunda.*}). With {@code weft.engine.mode=embedded}
 * (the default) only {@code requestTimeout} matters: the client is pointed at the embedded gateway's actual gRPC port.
 * With {@code weft.engine.mode=camunda} the addresses and credentials below name the Camunda 8 cluster.
 *
 * @param grpcAddress            the cluster's gRPC gateway, e.g. {@code https://zeebe.example.com:443} (camunda mode)
 * @param restAddress            the cluster's REST API, e.g. {@code https://camunda.example.com} (camunda mode)
 * @param clientId               OAuth client id; with {@code clientSecret} and {@code authorizationServerUrl} turns
 *                               on OAuth client credentials (camunda mode)
 * @param clientSecret           OAuth client secret (never logged)
 * @param authorizationServerUrl token endpoint of the cluster's identity provider
 * @param audience               audience requested for the token
 * @param requestTimeout         default timeout of client requests
 */
@ConfigurationProperties("weft.camunda")
public record CamundaClientProperties(
        URI grpcAddress,
        URI restAddress,
        String clientId,
        String clientSecret,
        URI authorizationServerUrl,
        String audience,
        @DefaultValue("30s") Duration requestTimeout) {

    boolean oauth() {
        return clientId != null && !clientId.isBlank();
    }
}
