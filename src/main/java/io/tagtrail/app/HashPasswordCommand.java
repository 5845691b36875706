package io.tagtrail.app;

import io.tagtrail.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Prints a line for the endpoint's users file: {@code username = store:pbkdf2-sha256$...}. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Hash a reader's MQTT password for endpoint.users-file (the password is read from standard input).")
final class HashPasswordCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "The reader's MQTT user name.")
    String user;

    @Option(names = "--store", required = true, description = "The store it may publish for, or * for every store.")
    String store;

    @Override
    public Integer call() throws Exception {
        char[] password;
        if (System.console() != null) {
            password = System.console().readPassword("password for %s: ", user);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("the password must have at least 8 characters");
        }
        System.out.println(user + " = " + store + ":" + PasswordHash.hash(password));
        return 0;
    }
}
