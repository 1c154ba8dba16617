/**
 * Internal: checks of child-JVM settings that the process layer and the layers above it (transforms, pools)
 * both apply, so that an option is validated the same way wherever it is given.
 *
 * <p><b>Layer:</b> imports nothing of shmkit (it sits with {@code io.shmkit.internal.os}, at the bottom of the
 * internal layers). Not API.
 */
package io.shmkit.internal.process;
