package io.tagtrail.ingest;

import java.net.URI;
import java.net.URISyntaxException;

/** A broker address: {@code tcp://host:port} or {@code mqtt://}, and {@code ssl://} or {@code mqtts://} for TLS. */
public record MqttUrl(String host, int port, boolean tls) {
    public static MqttUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("MQTT URL must look like tcp://host:1883, got " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean tls;
        switch (scheme) {
            case "tcp":
            case "mqtt":
                tls = false;
                break;
            case "ssl":
            case "tls":
            case "mqtts":
                tls = true;
                break;
            default:
                throw new IllegalArgumentException("MQTT URL scheme must be tcp, mqtt, ssl or mqtts, got " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("MQTT URL has no host: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 8883 : 1883);
        return new MqttUrl(uri.getHost(), port, tls);
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "tcp://") + host + ":" + port;
    }
}
