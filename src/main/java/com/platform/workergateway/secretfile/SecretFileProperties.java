package com.platform.workergateway.secretfile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often secret files (the static worker tokens file, the task-token key ring file)
 * are checked for a new content.
 *
 * @param checkInterval time between two checks; a change is in force at most this long
 * after the file changed (Kubernetes itself takes up to about a minute, its kubelet sync
 * period plus its Secret cache, to update a mounted Secret)
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.secret-files", ignoreUnknownFields = false)
public record SecretFileProperties(@DefaultValue("10s") Duration checkInterval) {

}
