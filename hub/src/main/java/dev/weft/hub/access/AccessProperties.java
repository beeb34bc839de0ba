package dev.weft.hub.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Applications and API keys ({@code weft.access.*}).
 *
 * @param keyPrefix              first part of every API key ({@code <keyPrefix>_<id>_<secret>}); lets secret
 *                               scanners and humans recognise a Weft key. Changing it invalidates no key, but
 *                               keys issued under another prefix are no longer recognised
 * @param maxKeysPerApplication  how many keys one application may have that are neither revoked nor expired;
 *                               a bound against scripts that mint keys in a loop
 */
@ConfigurationProperties("weft.access")
public record AccessProperties(
        @DefaultValue("wft") String keyPrefix,
        @DefaultValue("20") int maxKeysPerApplication) {

    public AccessProperties {
        if (!keyPrefix.matches("[a-z]{2,8}")) {
            throw new IllegalArgumentException("weft.access.key-prefix must be 2-8 lowercase letters, got '"
                    + keyPrefix + "'");
        }
        if (maxKeysPerApplication < 1) {
            throw new IllegalArgumentException("weft.access.max-keys-per-application must be at least 1, got "
                    + maxKeysPerApplication);
        }
    }
}
