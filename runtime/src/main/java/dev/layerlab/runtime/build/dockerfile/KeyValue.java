package dev.layerlab.runtime.build.dockerfile;

/** One pair of ENV or LABEL; the value is as written (quotes kept), expansion happens at build time. */
public record KeyValue(String key, String value) {
}
