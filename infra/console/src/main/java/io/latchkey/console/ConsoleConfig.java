package io.latchkey.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The console's own settings (README "Configuration"); where the admin APIs are is the REST client's URL. */
@ConfigMapping(prefix = "latchkey.console")
public interface ConsoleConfig {

    /** Where the console is served (quarkus.http.root-path), behind the gateway too. */
    String ROOT_PATH = "/console";

    /** Cookies only over HTTPS (browsers treat http://localhost as secure too); off only in tests over plain HTTP. */
    @WithDefault("true")
    boolean secureCookies();

    /** Rows per page of every list. */
    @WithDefault("50")
    int pageSize();

    Imports imports();

    /** The Authy migration uploads the import page runs in the background. */
    interface Imports {

        /** user-service's import API, through the gateway like every admin API. */
        String url();

        /** Imports running at once in this console instance; one more is refused until one ends. */
        @WithDefault("2")
        int atOnce();
    }
}
