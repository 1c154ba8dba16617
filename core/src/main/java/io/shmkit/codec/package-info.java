/**
 * Codecs: how typed queues turn values into byte messages and back. {@link io.shmkit.codec.Codec} is the interface
 * users implement; {@link io.shmkit.codec.Codecs} holds the built-in ones. No Java deserialization anywhere.
 *
 * <p>Layer: above {@code io.shmkit}; may use Agrona's buffer interfaces and the layers below, nothing above
 * (queues and synchronisers use codecs, not the other way round).
 */
package io.shmkit.codec;
