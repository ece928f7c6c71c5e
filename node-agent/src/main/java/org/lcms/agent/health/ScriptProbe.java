package org.lcms.agent.health;

import org.lcms.agent.host.ChildProcesses;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * healthCheck = script: {@code /bin/sh -c SCRIPT} with LCMS_RS_ADDRESS and LCMS_RS_PORT in its environment; exit
 * status 0 is healthy (keepalived's MISC_CHECK). At the timeout the shell and everything it started are killed:
 * a hung check must not pile up processes, one per interval. Its output is discarded.
 */
final class ScriptProbe implements HealthProbe {
    private final String script;

    ScriptProbe(String script) {
        this.script = script;
    }

    @Override
    public ProbeResult probe(Endpoint target, long timeoutMillis) {
        ProcessBuilder pb = ChildProcesses.builder("/bin/sh", "-c", script)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LCMS_RS_ADDRESS", target.address().getHostAddress());
        pb.environment().put("LCMS_RS_PORT", Integer.toString(target.port()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return ProbeResult.failed("could not run the check script for " + target + ": " + e.getMessage());
        }
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                kill(p);
                return ProbeResult.failed("check script for " + target + " killed after " + timeoutMillis
                    + " ms (healthCheck.timeout)");
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return ProbeResult.failed("check script for " + target + " interrupted (the agent is stopping)");
        }
        int exit = p.exitValue();
        return exit == 0 ? ProbeResult.healthy("check script exited 0")
            : ProbeResult.failed("check script for " + target + " exited " + exit);
    }

    private static void kill(Process p) {
        // the children first: once the shell is gone they are re-parented and no longer its descendants
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
