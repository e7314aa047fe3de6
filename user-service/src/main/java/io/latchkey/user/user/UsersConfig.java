package io.latchkey.user.user;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.users")
public interface UsersConfig {

    /**
     * What a new user's install-link SMS points to (users/new {@code send_install_link_via_sms}):
     * where to get an authenticator app. Env {@code LATCHKEY_INSTALL_LINK_URL}.
     */
    @WithDefault("https://authy.com/download/")
    String installLinkUrl();
}
