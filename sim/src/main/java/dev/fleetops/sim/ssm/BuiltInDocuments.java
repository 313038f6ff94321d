package dev.fleetops.sim.ssm;

import java.util.Locale;

/** The AWS-owned Command documents the simulator knows, with their published content (schema 1.2). */
final class BuiltInDocuments {

    private BuiltInDocuments() { }

    static final String RUN_SHELL_SCRIPT = "AWS-RunShellScript";
    static final String RUN_POWERSHELL_SCRIPT = "AWS-RunPowerShellScript";

    private static final String TIMEOUT_PATTERN =
            "([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)";

    static String content(String name) {
        return switch (name) {
            case RUN_SHELL_SCRIPT -> script("Run a shell script or specify the commands to run.",
                    "(Required) Specify a shell script or a command to run.",
                    "(Optional) The path to the working directory on your instance.", CommandDocument.SHELL);
            case RUN_POWERSHELL_SCRIPT -> script("Run a PowerShell script or specify the paths to scripts to run.",
                    "(Required) Specify the commands to run or the paths to existing scripts on the instance.",
                    "(Optional) The path to the working directory on your instance.", CommandDocument.POWERSHELL);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String script(String description, String commands, String workingDirectory, String plugin) {
        return String.format(Locale.ROOT, """
                {
                  "schemaVersion": "1.2",
                  "description": "%s",
                  "parameters": {
                    "commands": {
                      "type": "StringList",
                      "description": "%s",
                      "minItems": 1,
                      "displayType": "textarea"
                    },
                    "workingDirectory": {
                      "type": "String",
                      "default": "",
                      "description": "%s",
                      "maxChars": 4096
                    },
                    "executionTimeout": {
                      "type": "String",
                      "default": "3600",
                      "description": "(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).",
                      "allowedPattern": "%s"
                    }
                  },
                  "runtimeConfig": {
                    "%s": {
                      "properties": [
                        {
                          "id": "0.%s",
                          "runCommand": "{{ commands }}",
                          "workingDirectory": "{{ workingDirectory }}",
                          "timeoutSeconds": "{{ executionTimeout }}"
                        }
                      ]
                    }
                  }
                }
                """, description, commands, workingDirectory, TIMEOUT_PATTERN, plugin, plugin);
    }
}
