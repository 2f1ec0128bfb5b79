package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install.sh --root} into a temporary staging root, with the shaded jar this build made (an
 * integration test: it runs after {@code package}). Checks each installed file, a second run, an edited
 * configuration kept across an upgrade, then {@code --uninstall} keeping data and {@code --purge}.
 */
class InstallScriptIT {

    private static final Path REPO = HostTools.repositoryRoot();
    private static final Path SCRIPT = REPO.resolve("install.sh");
    private static final Path JAR = REPO.resolve("app/target/rivulet.jar");
    private static final Path SAMPLE = REPO.resolve("app/src/main/resources/rivulet.yaml");

    @TempDir
    Path root;
    /** Commands for a test's PATH, outside the staging root. */
    @TempDir
    Path tools;

    @BeforeEach
    void jarWasBuilt() {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
    }

    @Test
    void shellcheckIsClean() {
        Path shellcheck = HostTools.require("shellcheck");
        HostTools.Result result = HostTools.run(REPO, List.of(shellcheck.toString(), "install.sh"));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void installsEveryFileWithItsModeAndTouchesNothingElse() throws Exception {
        HostTools.Result first = install();
        assertEquals(0, first.exitCode(), first.output());
        String out = first.output();

        assertArrayEquals(Files.readAllBytes(JAR), Files.readAllBytes(staged("usr/lib/rivulet/rivulet.jar")));
        assertMode("rw-r--r--", "usr/lib/rivulet/rivulet.jar");
        assertEquals(Files.readString(REPO.resolve("systemd/rivulet.service")),
                Files.readString(staged("etc/systemd/system/rivulet.service")));
        assertMode("rw-r--r--", "etc/systemd/system/rivulet.service");
        List<String> launcher = Files.readAllLines(staged("usr/bin/rivulet"));
        assertEquals("#!/bin/sh", launcher.get(0));
        assertEquals("exec java $RIVULET_JAVA_OPTS $archive -jar /usr/lib/rivulet/rivulet.jar \"$@\"",
                launcher.get(launcher.size() - 1));
        assertMode("rwxr-xr-x", "usr/bin/rivulet");
        assertEquals(Files.readString(SAMPLE), Files.readString(staged("etc/rivulet/rivulet.yaml")));
        assertMode("rw-r-----", "etc/rivulet/rivulet.yaml");
        assertMode("rwxr-x---", "etc/rivulet");
        assertEquals(Files.readString(SAMPLE), Files.readString(staged("usr/share/rivulet/rivulet.yaml.sample")));
        assertTrue(Files.isRegularFile(staged("usr/share/doc/rivulet/README.md")));
        assertEquals(List.of("etc", "usr"), list(root), "nothing else is created in the root");

        // What a real install does to the machine, only reported under --root.
        assertTrue(out.contains("would run: useradd --system --user-group"), out);
        assertTrue(out.contains("would run: systemctl daemon-reload\nwould run: systemctl enable rivulet.service\n"
                + "would run: systemctl restart rivulet.service"), out);
        assertTrue(out.contains("installed  /etc/rivulet/rivulet.yaml"), out);
        assertTrue(out.contains("would run: /usr/lib/rivulet/rivulet-class-archive (java ... -XX:ArchiveClassesAtExit="
                + "/usr/lib/rivulet/rivulet.jsa -jar /usr/lib/rivulet/rivulet.jar train-archive)"),
                "the archive is made on the machine: " + out);
        assertEquals(Files.readString(REPO.resolve("systemd/rivulet-class-archive")),
                Files.readString(staged("usr/lib/rivulet/rivulet-class-archive")));
        assertMode("rwxr-xr-x", "usr/lib/rivulet/rivulet-class-archive");

        HostTools.Result launcherCheck = HostTools.run(root, List.of(HostTools.require("shellcheck").toString(),
                staged("usr/bin/rivulet").toString(), staged("usr/lib/rivulet/rivulet-class-archive").toString()));
        assertEquals(0, launcherCheck.exitCode(), launcherCheck.output());
    }

    /**
     * The installed command (a copy of it pointing at the staging root instead of /usr/lib/rivulet) names the class
     * data archive to the JVM when the archive is there; the Zero VM, which shares no classes, is named it all the
     * same and runs as without it, saying nothing of it.
     */
    @Test
    void theLauncherNamesTheArchiveWhenItIsThereAndTheZeroVmRunsWithIt() throws Exception {
        assertEquals(0, install().exitCode());
        Path lib = staged("usr/lib/rivulet");
        Path launcher = root.resolve("rivulet");
        Files.writeString(launcher, Files.readString(staged("usr/bin/rivulet")).replace("/usr/lib/rivulet", lib.toString()));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");

        HostTools.Result plain = launch(launcher, javaBin, "");
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.output().startsWith("rivulet "), plain.output());
        HostTools.Result noArchive = launch(launcher, javaBin, "-Xlog:class+load=info");
        assertEquals(0, noArchive.exitCode(), noArchive.output());
        assertFalse(noArchive.output().contains("shared objects file (top)"), noArchive.output());

        HostTools.Result made = HostTools.run(root, List.of(javaBin.resolve("java").toString(), "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=" + lib.resolve("rivulet.jsa"), "-jar", lib.resolve("rivulet.jar").toString(),
                "--version"));
        assertEquals(0, made.exitCode(), made.output());
        HostTools.Result withArchive = launch(launcher, javaBin, "-XX:+UseSerialGC -Xlog:class+load=info");
        assertEquals(0, withArchive.exitCode(), withArchive.output());
        assertTrue(withArchive.output().contains("dev.rivulet.cli.Main source: shared objects file (top)"),
                withArchive.output());

        Path zeroVm = javaBin.getParent().resolve("lib/zero/libjvm.so");
        if (Files.exists(zeroVm)) {  // Debian's openjdk-17-jre-zero; .ci/run installs it
            HostTools.Result zero = launch(launcher, javaBin, "-zero -Xmx48m");
            assertEquals(0, zero.exitCode(), zero.output());
            assertEquals(plain.output(), zero.output(),
                    "the Zero VM ignores the archive without a word");
        } else {
            assertFalse("true".equals(System.getenv("CI")), "CI installs the Zero VM: no " + zeroVm);
        }
    }

    private HostTools.Result launch(Path launcher, Path javaBin, String javaOptions) {
        return HostTools.run(root, List.of("env", "PATH=" + javaBin + ":" + System.getenv("PATH"),
                "RIVULET_JAVA_OPTS=" + javaOptions, "sh", launcher.toString(), "--version"));
    }

    /**
     * A Java that refuses one of the service's JVM flags (as any before 17.0.11 refuses -XX:TrimNativeHeapInterval)
     * would leave the service restarting every 5 s: the install stops before it puts anything in place, with the
     * JVM's own words, the flags and what to do. A drop-in that changes the flags (systemctl edit's) is what the
     * service will run with, so it is what gets checked.
     */
    @Test
    void aJavaThatRefusesTheServicesFlagsStopsTheInstallBeforeAnythingIsPutInPlace() throws Exception {
        Path olderJava = olderJava();
        HostTools.Result refused = installWithFirstOnPath(olderJava);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("install.sh: this Java refuses the service's JVM flags, so the service "
                + "could not start:\nUnrecognized VM option 'TrimNativeHeapInterval=1000'"), refused.output());
        assertTrue(refused.output().contains("The flags: -Xms8m -Xmx48m"), refused.output());
        assertTrue(refused.output().contains("sudo apt-get install\n--only-upgrade "), refused.output());
        assertTrue(refused.output().contains("sudo systemctl edit rivulet"), refused.output());
        assertEquals(List.of(), list(root), "nothing is put in place");

        Path dropIns = Files.createDirectories(staged("etc/systemd/system/rivulet.service.d"));
        String unitFlags = Files.readAllLines(REPO.resolve("systemd/rivulet.service")).stream()
                .filter(l -> l.startsWith("Environment=\"RIVULET_JAVA_OPTS=")).findFirst().orElseThrow();
        Files.writeString(dropIns.resolve("override.conf"), "[Service]\n"
                + unitFlags.replace(" -XX:TrimNativeHeapInterval=1000", "") + "\n");
        HostTools.Result withDropIn = installWithFirstOnPath(olderJava);
        assertEquals(0, withDropIn.exitCode(), withDropIn.output());
        assertTrue(withDropIn.output().contains("checked    this Java takes the service's JVM flags"), withDropIn.output());

        Files.writeString(dropIns.resolve("zz-typo.conf"), "[Service]\n"
                + unitFlags.replace("-XX:+UseSerialGC", "-XX:+UseSerailGC") + "\n");
        HostTools.Result typo = install();
        assertEquals(1, typo.exitCode(), typo.output());
        assertTrue(typo.output().contains("Unrecognized VM option 'UseSerailGC'"), typo.output());
    }

    /** A java command that refuses -XX:TrimNativeHeapInterval as Java 17.0.10 and older do, and is this Java otherwise. */
    private Path olderJava() throws Exception {
        Path java = tools.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do
                    case "$a" in
                        -XX:TrimNativeHeapInterval=*)
                            echo "Unrecognized VM option '${a#-XX:}'" >&2
                            echo "Error: Could not create the Java Virtual Machine." >&2
                            exit 1 ;;
                    esac
                done
                exec %s "$@"
                """.formatted(Path.of(System.getProperty("java.home"), "bin", "java")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tools;
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        assertEquals(0, install().exitCode());
        HostTools.Result again = install();
        assertEquals(0, again.exitCode(), again.output());
        for (String path : List.of("/usr/lib/rivulet/rivulet.jar", "/usr/bin/rivulet",
                "/etc/systemd/system/rivulet.service", "/etc/rivulet/rivulet.yaml")) {
            assertTrue(again.output().contains("unchanged  " + path), again.output());
        }
        assertFalse(again.output().contains("installed "), again.output());
        assertFalse(Files.exists(staged("etc/rivulet/rivulet.yaml.new")));
    }

    @Test
    void anEditedConfigIsKeptAndTheNewSampleGoesBesideIt() throws Exception {
        assertEquals(0, install().exitCode());
        String edited = Files.readString(SAMPLE) + "\n# the operator's edit\n";
        Files.writeString(staged("etc/rivulet/rivulet.yaml"), edited);

        HostTools.Result upgrade = install();
        assertEquals(0, upgrade.exitCode(), upgrade.output());
        assertEquals(edited, Files.readString(staged("etc/rivulet/rivulet.yaml")));
        assertEquals(Files.readString(SAMPLE), Files.readString(staged("etc/rivulet/rivulet.yaml.new")));
        assertMode("rw-r-----", "etc/rivulet/rivulet.yaml.new");
        assertTrue(upgrade.output().contains("kept       /etc/rivulet/rivulet.yaml: it was edited; the new sample is "
                + "/etc/rivulet/rivulet.yaml.new"), upgrade.output());
    }

    @Test
    void anUneditedOldSampleIsUpgradedInPlace() throws Exception {
        assertEquals(0, install().exitCode());
        // As if the previous release had shipped another sample and the operator never touched it.
        Files.writeString(staged("usr/share/rivulet/rivulet.yaml.sample"), "# last release's sample\n");
        Files.writeString(staged("etc/rivulet/rivulet.yaml"), "# last release's sample\n");

        HostTools.Result upgrade = install();
        assertEquals(0, upgrade.exitCode(), upgrade.output());
        assertEquals(Files.readString(SAMPLE), Files.readString(staged("etc/rivulet/rivulet.yaml")));
        assertFalse(Files.exists(staged("etc/rivulet/rivulet.yaml.new")));
        assertTrue(upgrade.output().contains("upgraded   /etc/rivulet/rivulet.yaml"), upgrade.output());
    }

    @Test
    void uninstallKeepsDataAndPurgeDeletesIt() throws Exception {
        assertEquals(0, install().exitCode());
        Path database = staged("var/lib/rivulet/rivulet.db");
        Files.createDirectories(database.getParent());
        Files.writeString(database, "state");

        HostTools.Result uninstall = script("--uninstall", "--root", root.toString());
        assertEquals(0, uninstall.exitCode(), uninstall.output());
        for (String gone : List.of("usr/lib/rivulet", "usr/bin/rivulet", "etc/systemd/system/rivulet.service",
                "usr/share/rivulet", "usr/share/doc/rivulet")) {
            assertFalse(Files.exists(staged(gone)), gone + " should be removed");
        }
        assertTrue(Files.exists(staged("etc/rivulet/rivulet.yaml")), "the configuration is kept");
        assertEquals("state", Files.readString(database), "the state is kept");
        assertTrue(uninstall.output().contains("would run: systemctl disable --now rivulet.service"), uninstall.output());
        assertTrue(uninstall.output().contains("kept       /etc/rivulet and /var/lib/rivulet"), uninstall.output());

        HostTools.Result purge = script("--uninstall", "--purge", "--root", root.toString());
        assertEquals(0, purge.exitCode(), purge.output());
        assertFalse(Files.exists(staged("etc/rivulet")));
        assertFalse(Files.exists(staged("var/lib/rivulet")));
        assertTrue(purge.output().contains("would run: userdel rivulet"), purge.output());
    }

    @Test
    void mistakesAreRefusedWithTheFix() {
        HostTools.Result noJar = script("--root", root.toString(), "--jar", root.resolve("missing.jar").toString());
        assertEquals(1, noJar.exitCode());
        assertTrue(noJar.output().contains("no jar at " + root.resolve("missing.jar")
                + ": build it with 'mvn -DskipTests install', or pass --jar PATH"), noJar.output());
        HostTools.Result purgeAlone = script("--purge", "--root", root.toString());
        assertEquals(1, purgeAlone.exitCode());
        assertTrue(purgeAlone.output().contains("--purge goes with --uninstall"), purgeAlone.output());
        HostTools.Result help = script("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().startsWith("Usage: install.sh"), help.output());
    }

    private HostTools.Result install() {
        return script("--root", root.toString(), "--jar", JAR.toString());
    }

    /** The same, with the commands in {@code bin} found before the machine's (a java of another version). */
    private HostTools.Result installWithFirstOnPath(Path bin) {
        return run(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")),
                "--root", root.toString(), "--jar", JAR.toString());
    }

    private static HostTools.Result script(String... arguments) {
        return run(List.of(), arguments);
    }

    private static HostTools.Result run(List<String> before, String... arguments) {
        List<String> command = new ArrayList<>(before);
        command.addAll(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        return HostTools.run(REPO, command);
    }

    private Path staged(String path) {
        return root.resolve(path);
    }

    private void assertMode(String expected, String path) throws Exception {
        assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(staged(path))), path);
    }

    private static List<String> list(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
