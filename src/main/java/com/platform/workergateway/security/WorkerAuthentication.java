package com.platform.workergateway.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated worker: who it is, how it proved it, and which worker groups it may
 * use. Holds no credential.
 */
public final class WorkerAuthentication extends AbstractAuthenticationToken {

	private final String principal;

	private final String mechanism;

	private final Set<String> groups;

	WorkerAuthentication(String principal, String mechanism, Collection<String> groups) {
		super(List.of());
		this.principal = principal;
		this.mechanism = mechanism;
		this.groups = Set.copyOf(groups);
		setAuthenticated(true);
	}

	/**
	 * Whether the worker may use this worker group.
	 */
	public boolean allows(String workerGroup) {
		return this.groups.contains(SecurityProperties.ALL_GROUPS) || this.groups.contains(workerGroup);
	}

	/** How the worker authenticated: {@code static-token} or {@code jwt}. */
	public String mechanism() {
		return this.mechanism;
	}

	public Set<String> groups() {
		return this.groups;
	}

	@Override
	public String getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	@Override
	public String toString() {
		return "WorkerAuthentication[" + this.principal + " (" + this.mechanism + "), groups=" + this.groups + "]";
	}

}
