/**
 * The worker API's OpenAPI description, served by the gateway and committed as
 * {@code docs/openapi.json}.
 */
@NullMarked
package com.platform.workergateway.apidoc;

import org.jspecify.annotations.NullMarked;
