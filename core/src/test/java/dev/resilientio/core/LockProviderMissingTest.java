package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper} where it cannot work (core's class path has no
 * {@code resilient-io-zookeeper}; no ensemble address) fails the first lock with a configuration
 * error that says what to add, and leaves nothing locked.
 */
class LockProviderMissingTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    /** Writes a file with the environment it was started with, then again with the local provider. */
    public static final class Child {

        private Child() {
        }

        /**
         * Runs the child.
         *
         * @param args the file to write
         * @throws IOException when the second write fails
         */
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            try {
                ResilientFiles.writeText(file, "first");
                System.out.println("WROTE first");
            } catch (RuntimeException | IOException e) {
                System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
            System.setProperty("resilientio.lock.provider", "local");
            ResilientIoConfig.reload();
            ResilientFiles.writeText(file, "second");
            System.out.println("WROTE second");
        }
    }

    @Test
    void zookeeperWithoutItsModuleFailsTheFirstLockNamingTheVariableAndTheArtifact() throws Exception {
        Path file = dir.resolve("tasks.json");
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(Child.class, file.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("RESILIENT_IO_"));
        builder.environment().put("RESILIENT_IO_LOCK_PROVIDER", "zookeeper");
        builder.environment().put("RESILIENT_IO_ZOOKEEPER_CONNECT", "zk1:2181,zk2:2181,zk3:2181");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ends").isTrue();

        assertThat(out).contains("FAILED " + ResilientIoConfigException.class.getName()
                + ": RESILIENT_IO_LOCK_PROVIDER='zookeeper' needs the artifact"
                + " dev.resilientio:resilient-io-zookeeper on the class path")
                .contains("Add the dependency, or set RESILIENT_IO_LOCK_PROVIDER=local.")
                .doesNotContain("WROTE first")
                .as("the failed lock left nothing held: the same JVM writes with the local provider")
                .contains("WROTE second");
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readString(file)).isEqualTo("second");
    }

    @Test
    void zookeeperWithoutAnEnsembleAddressFailsTheFirstLockNamingTheSettingToSet() throws Exception {
        Path file = dir.resolve("tasks.json");
        config.set("resilientio.lock.provider", "zookeeper");

        assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("RESILIENT_IO_LOCK_PROVIDER='zookeeper' (from system property resilientio.lock.provider) needs"
                        + " the address of the ZooKeeper ensemble, and RESILIENT_IO_ZOOKEEPER_CONNECT (system property"
                        + " resilientio.zookeeper.connect) is not set: set it to host:port[,host:port...] with an optional"
                        + " /chroot at the end, such as zk1:2181,zk2:2181,zk3:2181, or set RESILIENT_IO_LOCK_PROVIDER=local.");
        assertThat(file.resolveSibling("tasks.json.lock")).as("no OS lock was taken either").doesNotExist();

        config.clear("resilientio.lock.provider");
        assertThat(OtherThread.run("after", Duration.ofSeconds(30),
                () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close()))
                .as("another thread takes the lock: the failed acquire released this JVM's thread lock").isNull();
    }
}
