/**
 * The HTTP API's types, generated from its OpenAPI document: do not edit, run `npm run generate:api`.
 */
export interface paths {
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the caller is: its workspace, its role, and the integrations it may see */
        get: operations["getCaller"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every workspace */
        get: operations["listWorkspaces"];
        put?: never;
        /** Create a workspace (201) */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workspace */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /** Delete a workspace and everything it holds (204); its data key goes with it */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /** Rename a workspace */
        patch: operations["renameWorkspace"];
        trace?: never;
    };
    "/api/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalog: every integration with the state of its connections */
        get: operations["listIntegrations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schema and settings of one connection (secrets are never returned) */
        get: operations["getIntegration"];
        /**
         * Save (201) or Update (200): validated, tested, stored only if the test passes
         * @description An Update may leave out the secrets: the stored ones are kept (unless a setting that decides where they go changed). A failed Update never replaces working settings.
         */
        put: operations["saveIntegration"];
        post?: never;
        /** Remove the settings (204) */
        delete: operations["deleteIntegration"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a draft or the stored settings
         * @description Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}` (or `{"error"}`).
         */
        post: operations["testIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/connections/{connection}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schema and settings of one connection (secrets are never returned) */
        get: operations["getConnection"];
        /**
         * Save (201) or Update (200): validated, tested, stored only if the test passes
         * @description An Update may leave out the secrets: the stored ones are kept (unless a setting that decides where they go changed). A failed Update never replaces working settings.
         */
        put: operations["saveConnection"];
        post?: never;
        /** Remove the settings (204) */
        delete: operations["deleteConnection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/connections/{connection}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a draft or the stored settings
         * @description Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}` (or `{"error"}`).
         */
        post: operations["testConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{job}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A queued action: its status, attempts, and once done its result or final error */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connections of one integration */
        get: operations["listConnections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/actions/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run an action with the stored settings of a connection (`default` unless `?connection=` names another) */
        post: operations["runAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed, tested or used which connection, when, which fields, and the outcome */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s scoped tokens (never the tokens themselves) */
        get: operations["listTokens"];
        put?: never;
        /** Mint a scoped token for one person of the workspace (201; the token is shown this once) */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a scoped token at once (204) */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s live browser sessions */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{session}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a session at once (204) */
        delete: operations["endSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sso/tickets/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a one-time sign-in ticket for the verified identity (once, within 60 s) */
        post: operations["redeemTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s webhooks (never their secrets) */
        get: operations["listWebhooks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook (never its secret) */
        get: operations["getWebhook"];
        /** Create (201, with the signing secret, shown this once) or change (200, the secret kept) a webhook; 409 for one a provisioning file manages */
        put: operations["saveWebhook"];
        post?: never;
        /** Delete a webhook (204); its pending deliveries end. 409 for one a provisioning file manages */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a ping event now and answer how its delivery went */
        post: operations["pingWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{name}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook’s latest delivery attempts, newest first */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalog: every integration with the state of its connections */
        get: operations["listIntegrationsInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schema and settings of one connection (secrets are never returned) */
        get: operations["getIntegrationInWorkspace"];
        /**
         * Save (201) or Update (200): validated, tested, stored only if the test passes
         * @description An Update may leave out the secrets: the stored ones are kept (unless a setting that decides where they go changed). A failed Update never replaces working settings.
         */
        put: operations["saveIntegrationInWorkspace"];
        post?: never;
        /** Remove the settings (204) */
        delete: operations["deleteIntegrationInWorkspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a draft or the stored settings
         * @description Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}` (or `{"error"}`).
         */
        post: operations["testIntegrationInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}/connections/{connection}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schema and settings of one connection (secrets are never returned) */
        get: operations["getConnectionInWorkspace"];
        /**
         * Save (201) or Update (200): validated, tested, stored only if the test passes
         * @description An Update may leave out the secrets: the stored ones are kept (unless a setting that decides where they go changed). A failed Update never replaces working settings.
         */
        put: operations["saveConnectionInWorkspace"];
        post?: never;
        /** Remove the settings (204) */
        delete: operations["deleteConnectionInWorkspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}/connections/{connection}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a draft or the stored settings
         * @description Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}` (or `{"error"}`).
         */
        post: operations["testConnectionInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/jobs/{job}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A queued action: its status, attempts, and once done its result or final error */
        get: operations["getJobInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connections of one integration */
        get: operations["listConnectionsInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/integrations/{id}/actions/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run an action with the stored settings of a connection (`default` unless `?connection=` names another) */
        post: operations["runActionInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed, tested or used which connection, when, which fields, and the outcome */
        get: operations["listAuditEntriesInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s scoped tokens (never the tokens themselves) */
        get: operations["listTokensInWorkspace"];
        put?: never;
        /** Mint a scoped token for one person of the workspace (201; the token is shown this once) */
        post: operations["createTokenInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a scoped token at once (204) */
        delete: operations["revokeTokenInWorkspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s live browser sessions */
        get: operations["listSessionsInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/sessions/{session}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a session at once (204) */
        delete: operations["endSessionInWorkspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/sso/tickets/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a one-time sign-in ticket for the verified identity (once, within 60 s) */
        post: operations["redeemTicketInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s webhooks (never their secrets) */
        get: operations["listWebhooksInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/webhooks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook (never its secret) */
        get: operations["getWebhookInWorkspace"];
        /** Create (201, with the signing secret, shown this once) or change (200, the secret kept) a webhook; 409 for one a provisioning file manages */
        put: operations["saveWebhookInWorkspace"];
        post?: never;
        /** Delete a webhook (204); its pending deliveries end. 409 for one a provisioning file manages */
        delete: operations["deleteWebhookInWorkspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/webhooks/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a ping event now and answer how its delivery went */
        post: operations["pingWebhookInWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace}/webhooks/{name}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook’s latest delivery attempts, newest first */
        get: operations["listDeliveriesInWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["checkLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The hub can serve requests: its store answers */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (Bearer HUB_METRICS_TOKEN) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with the admin token; sets the session cookie (204) */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in, and in which workspace with which role (null: signed in, but with no rights there) */
        get: operations["getSignedIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How people can sign in (to a workspace: `?workspace=`) */
        get: operations["getSignInOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session; answers the provider’s end-session URL when it has one */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start signing in through a workspace’s identity provider (a redirect to it) */
        get: operations["startSingleSignOn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the identity provider sends the browser back; starts the session (or returns to the host with a ticket) */
        get: operations["finishSingleSignOn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save (201) or Update (200) the SSO settings: validated, tested, stored only if the test passes
         * @description The settings in full, as `SsoSettings` (an Update that leaves out stored secrets is `saveIntegration`). A refused Save's `test.code` is one of `SsoFailureCode`.
         */
        put: operations["saveSso"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save (201) or Update (200) the Jira settings: validated, tested, stored only if the test passes
         * @description The settings in full, as `JiraSettings` (an Update that leaves out stored secrets is `saveIntegration`). A refused Save's `test.code` is one of `JiraFailureCode`.
         */
        put: operations["saveJira"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/createIssue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Jira: Create an issue
         * @description With an Idempotency-Key the issue gets a label hub-idem-…, so that a retry returns the issue an earlier attempt created instead of creating another one.
         */
        post: operations["jiraCreateIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/getIssue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Jira: Get an issue */
        post: operations["jiraGetIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/addComment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Jira: Comment on an issue */
        post: operations["jiraAddComment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/transitionIssue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Jira: Move an issue through its workflow */
        post: operations["jiraTransitionIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/searchIssues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Jira: Search issues with JQL */
        post: operations["jiraSearchIssues"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/listProjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Jira: List projects */
        post: operations["jiraListProjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/jira/actions/listIssueTypes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Jira: List the issue types of a project
         * @description The types an issue can be created with (sub-task types, which need a parent issue, are left out).
         */
        post: operations["jiraListIssueTypes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save (201) or Update (200) the ServiceNow settings: validated, tested, stored only if the test passes
         * @description The settings in full, as `ServicenowSettings` (an Update that leaves out stored secrets is `saveIntegration`). A refused Save's `test.code` is one of `ServicenowFailureCode`.
         */
        put: operations["saveServicenow"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/createIncident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Create an incident
         * @description Opens an incident. With an Idempotency-Key, a retried request returns the incident the first one opened.
         */
        post: operations["servicenowCreateIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/getIncident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Read an incident
         * @description Its state (with the label the instance shows), who works on it, and when it was opened, last updated and resolved.
         */
        post: operations["servicenowGetIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/updateIncident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Update an incident
         * @description Changes the given fields of an incident; fields left out keep their values.
         */
        post: operations["servicenowUpdateIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/addWorkNote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** ServiceNow: Add a work note to an incident */
        post: operations["servicenowAddWorkNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/addComment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** ServiceNow: Add a comment to an incident */
        post: operations["servicenowAddComment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/resolveIncident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Resolve an incident
         * @description Sets the state to Resolved (6) with a resolution code and notes.
         */
        post: operations["servicenowResolveIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/createChangeRequest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Create a change request
         * @description Opens a change request. With an Idempotency-Key, a retried request returns the change the first one opened.
         */
        post: operations["servicenowCreateChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/servicenow/actions/getChangeRequest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ServiceNow: Read a change request
         * @description Its type, state (with the label the instance shows), planned window and assignment.
         */
        post: operations["servicenowGetChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/smtp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save (201) or Update (200) the SMTP settings: validated, tested, stored only if the test passes
         * @description The settings in full, as `SmtpSettings` (an Update that leaves out stored secrets is `saveIntegration`). A refused Save's `test.code` is one of `SmtpFailureCode`.
         */
        put: operations["saveSmtp"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/smtp/actions/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SMTP: Send an email
         * @description Sends one message from the configured address, through connections kept logged in.
         */
        post: operations["smtpSend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One input that needs attention, in words. */
        FieldError: {
            /** @description The property path in the settings or input (`password`, `to.0`), or the part of the request (`query.limit`, `(path)`). */
            field: string;
            message: string;
        };
        /** @description The outcome of one named step of a connection test ("Reach server", "Log in"). */
        StepResult: {
            label: string;
            ok: boolean;
            durationMs: number;
        };
        /** @description What a connection test reports: the answer of `POST …/test`, and the `test` of a refused Save. */
        TestResult: {
            ok: boolean;
            /** @description The failure code of the plugin’s error map (`INVALID_TOKEN`) or a common one (`UNREACHABLE`, `TIMEOUT`, …). */
            code?: string;
            message: string;
            detail?: string;
            /** @description The setting the failure concerns. */
            field?: string;
            /** @description The form fields to mark: what the remote reported, or else the setting above. */
            fields?: components["schemas"]["FieldError"][];
            steps: components["schemas"]["StepResult"][];
            durationMs: number;
            /** @description What the connection relies on that ends, and when (earliest first), as the plugin reported it. */
            expires?: {
                what: string;
                /** Format: date-time */
                at: string;
            }[];
        };
        /** @description The body of every error answer (docs/errors.md lists the codes). */
        HubError: {
            /** @description A stable `HUB_ERR_…` code. */
            error: string;
            /** @description What went wrong, in words for a person. */
            message: string;
            /** @description One more sentence: what exactly went wrong. */
            detail?: string;
            /** @description One entry per input that needs attention. */
            fields?: components["schemas"]["FieldError"][];
            test?: components["schemas"]["TestResult"];
            /** @description The plugin’s failure code of a failed action (`INVALID_TOKEN`, `TIMEOUT`, …). */
            code?: string;
            /** @description How long the remote asked to wait before trying again (also sent as `Retry-After`). */
            retryAfterSeconds?: number;
        };
        /** @description The last connection test of stored settings; null before the first. */
        LastTest: {
            ok: boolean;
            code?: string;
            message: string;
            /** Format: date-time */
            at: string;
        } | null;
        /** @description One integration in the catalog, with the state of its connections in the caller’s workspace. */
        CatalogEntry: {
            id: string;
            name: string;
            description: string;
            /** @description An SVG; draw it as an image (`<img src="data:image/svg+xml,…">`), never as markup. */
            icon?: string;
            pluginVersion: string;
            /** @description Whether it has at least one connection. */
            configured: boolean;
            /**
             * Format: date-time
             * @description When a connection of it last changed.
             */
            updatedAt: string | null;
            lastTest: components["schemas"]["LastTest"];
            /** @description How many connections it has. */
            connections: number;
            /** @description How many of them failed their last test. */
            failing: number;
            /** @description How many of them work, but rely on something that ends within 30 days (health `expiring`). */
            expiring: number;
        };
        /** @description One check of a connection’s stored settings: scheduled, or "Check now". */
        HealthCheck: {
            /** Format: date-time */
            at: string;
            ok: boolean;
            code?: string;
            message: string;
        };
        /** @description A connection’s health: it is tested again on a schedule, and each check is recorded. */
        ConnectionHealth: {
            /**
             * @description `unknown` until the first check; `failing`: the last check failed; `expiring`: it passed, but something it relies on ends within 30 days.
             * @enum {string}
             */
            status: "unknown" | "healthy" | "failing" | "expiring";
            /**
             * Format: date-time
             * @description When the last check ran, or null before the first.
             */
            checkedAt: string | null;
            /**
             * Format: date-time
             * @description When the next scheduled check falls due, or null when none is planned (scheduled checks are off).
             */
            nextCheckAt: string | null;
            /** @description Why the last check failed, while `failing`. */
            code?: string;
            message?: string;
            /**
             * Format: date-time
             * @description The earliest end the checks reported, when one is known.
             */
            expiresAt?: string;
            /** @description What ends then ("API Token"). */
            expiresWhat?: string;
            /** @description The newest checks first, at most 20. */
            history: components["schemas"]["HealthCheck"][];
        };
        /** @description One connection of an integration, as `GET …/connections` lists it. */
        ConnectionSummary: {
            name: string;
            version: number;
            /** Format: date-time */
            updatedAt: string;
            lastTest: components["schemas"]["LastTest"];
            /** @description Set when a provisioning file declares it: it is changed there, not through the API. */
            managed?: {
                file: string;
            };
            health: components["schemas"]["ConnectionHealth"];
        };
        /** @description One action of an integration: its own operation in this document gives the schemas as types. */
        ActionSummary: {
            name: string;
            title: string;
            description?: string;
            /** @description The JSON Schema of its input. */
            input: {
                [key: string]: unknown;
            };
            /** @description The JSON Schema of what it answers. */
            output?: {
                [key: string]: unknown;
            };
        };
        /** @description One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all. */
        IntegrationView: {
            id: string;
            name: string;
            description: string;
            /** @description An SVG; draw it as an image (`<img src="data:image/svg+xml,…">`), never as markup. */
            icon?: string;
            pluginVersion: string;
            /** @description Whether it has at least one connection. */
            configured: boolean;
            /**
             * Format: date-time
             * @description When a connection of it last changed.
             */
            updatedAt: string | null;
            lastTest: components["schemas"]["LastTest"];
            /** @description How many connections it has. */
            connections: number;
            /** @description How many of them failed their last test. */
            failing: number;
            /** @description How many of them work, but rely on something that ends within 30 days (health `expiring`). */
            expiring: number;
            /** @description The connection shown: `default` for `/api/integrations/{id}`. */
            connection: string;
            /** @description The JSON Schema of the settings (`writeOnly` marks a secret). */
            schema: {
                [key: string]: unknown;
            };
            actions: components["schemas"]["ActionSummary"][];
            /** @description The settings without their secrets, or null when it is not configured. */
            config: {
                [key: string]: unknown;
            } | null;
            /** @description Paths of the secrets stored for this connection. */
            secretsSet: string[];
            /** @description The connection’s version (send it back with an Update), or null when it is not configured. */
            version: number | null;
            /** @description Set when a provisioning file declares it: it is changed there, not through the API. */
            managed?: {
                file: string;
            };
            /** @description The connection’s health, or null when it is not configured. */
            health: {
                /**
                 * @description `unknown` until the first check; `failing`: the last check failed; `expiring`: it passed, but something it relies on ends within 30 days.
                 * @enum {string}
                 */
                status: "unknown" | "healthy" | "failing" | "expiring";
                /**
                 * Format: date-time
                 * @description When the last check ran, or null before the first.
                 */
                checkedAt: string | null;
                /**
                 * Format: date-time
                 * @description When the next scheduled check falls due, or null when none is planned (scheduled checks are off).
                 */
                nextCheckAt: string | null;
                /** @description Why the last check failed, while `failing`. */
                code?: string;
                message?: string;
                /**
                 * Format: date-time
                 * @description The earliest end the checks reported, when one is known.
                 */
                expiresAt?: string;
                /** @description What ends then ("API Token"). */
                expiresWhat?: string;
                /** @description The newest checks first, at most 20. */
                history: components["schemas"]["HealthCheck"][];
            } | null;
        };
        /** @description A queued action (`Prefer: respond-async`): its status, attempts, and once done its result or final error. */
        JobView: {
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt?: string;
            /** Format: date-time */
            nextAttemptAt?: string;
            /** @description The action’s output, once it succeeded. */
            result?: unknown;
            error?: components["schemas"]["HubError"];
        };
        WorkspaceView: {
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description The caller of the API: its token or session. */
        Caller: {
            /** @description What the audit trail records as "who". */
            id: string;
            /** @description The workspace `/api/…` means for this caller. */
            workspace: string;
            /**
             * @description A `viewer` may look at settings but not change, test or use them.
             * @enum {string}
             */
            role: "operator" | "admin" | "viewer";
            /** @description The integrations an allowlisted token may see; absent: all of them. */
            integrations?: string[];
        };
        /** @description A scoped token as the operator sees it: never the token itself. */
        TokenView: {
            id: string;
            subject: string;
            /** @enum {string} */
            role: "admin" | "viewer";
            integrations?: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            revokedAt?: string;
        };
        /** @description A scoped token just minted: the token itself is shown this once. */
        CreatedToken: {
            id: string;
            /** @description `ihst_…`: send it as `Authorization: Bearer …`. */
            token: string;
            /** Format: date-time */
            expiresAt: string;
        };
        /** @description A live browser session (never its cookie). */
        SessionView: {
            /** @description End it with `DELETE …/sessions/{session}`. */
            id: string;
            /** @description `operator` for an admin-token sign-in, the provider’s subject for single sign-on. */
            sub: string;
            email?: string;
            name?: string;
            /** @enum {string} */
            via: "token" | "sso";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastSeenAt: string;
        };
        /** @description One change, test or action run of a connection. */
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            /** @description Who: the operator, a scoped token’s subject, an SSO user’s verified email or subject, what a host’s `authorize` said. */
            actor: string;
            integration: string;
            connection: string;
            /**
             * @description A change, a test of a draft or of the stored settings, or an action run.
             * @enum {string}
             */
            action: "create" | "update" | "delete" | "test" | "run";
            /** @description The action run, for `run`. */
            name?: string;
            /** @description Paths of the settings that changed (secrets included by name, never values). */
            fields: string[];
            /** @enum {string} */
            outcome: "saved" | "saved-despite-failed-test" | "rejected-by-test" | "conflict" | "deleted" | "passed" | "failed";
            /** @description The failure code of a test or action, when it failed. */
            code?: string;
            /** @description The version a saved change produced. */
            version?: number;
        };
        /** @description A webhook as the API shows it: never its secret. */
        WebhookView: {
            name: string;
            url: string;
            events: ("connection.failing" | "connection.recovered" | "credential.expiring" | "connection.changed" | "action.completed" | "action.failed")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Set when the receiver answered 410 Gone: nothing is sent until the webhook is saved again. */
            disabled?: {
                /** Format: date-time */
                at: string;
                reason: string;
            };
            /** @description Set when a provisioning file declares the webhook: change it there. */
            managed?: {
                file: string;
            };
        };
        /** @description A webhook just created, with its signing secret: shown this once. */
        CreatedWebhook: {
            name: string;
            url: string;
            events: ("connection.failing" | "connection.recovered" | "credential.expiring" | "connection.changed" | "action.completed" | "action.failed")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Set when the receiver answered 410 Gone: nothing is sent until the webhook is saved again. */
            disabled?: {
                /** Format: date-time */
                at: string;
                reason: string;
            };
            /** @description Set when a provisioning file declares the webhook: change it there. */
            managed?: {
                file: string;
            };
            /** @description whsec_…: verify deliveries with it. It is not shown again. */
            secret: string;
        };
        /** @description One delivery attempt. */
        DeliveryView: {
            eventId: string;
            /** @enum {string} */
            type: "connection.failing" | "connection.recovered" | "credential.expiring" | "connection.changed" | "action.completed" | "action.failed" | "ping";
            attempt: number;
            /** @enum {string} */
            status: "delivered" | "failed";
            /** @description The receiver’s HTTP status, when it answered. */
            httpStatus?: number;
            durationMs: number;
            /**
             * Format: date-time
             * @description When the attempt was made.
             */
            at: string;
            /** @description Why it failed, in words. */
            error?: string;
            /**
             * Format: date-time
             * @description When the next attempt is due; absent when this was the last one.
             */
            nextAttemptAt?: string;
        };
        /** @description Who is signed in to the page. */
        SignedIn: {
            /** @description `operator` for an admin-token sign-in, the provider’s subject for single sign-on. */
            sub: string;
            email?: string;
            name?: string;
            /** @enum {string} */
            via: "token" | "sso";
            workspace: string;
            /**
             * @description `operator` manages every workspace; `admin` and `viewer` act in their own; null: signed in, but with no rights there.
             * @enum {string|null}
             */
            role: "operator" | "admin" | "viewer" | null;
        };
        /** @description Who signed in through single sign-on, as the identity provider verified them. */
        SignInIdentity: {
            sub: string;
            email?: string;
            emailVerified: boolean;
            name?: string;
            groups: string[];
            /**
             * @description The role the workspace’s settings gave them at sign-in; null: none.
             * @enum {string|null}
             */
            role: "admin" | "viewer" | null;
            workspace: string;
        };
        /**
         * @description What went wrong, as SSO reports it (a code of its error map, or a common one).
         * @enum {string}
         */
        SsoFailureCode: "ADDRESS_BLOCKED" | "CLIENT_CHECK_FAILED" | "DOMAIN_ISSUER_MISMATCH" | "DOMAIN_NOT_A_PROVIDER" | "DOMAIN_TIMEOUT" | "DOMAIN_TLS" | "DOMAIN_UNREACHABLE" | "INVALID_CLIENT" | "ISSUER_MISMATCH" | "NOT_A_PROVIDER" | "PKCE_UNSUPPORTED" | "REDIRECT_REFUSED" | "RESPONSE_TOO_LARGE" | "TIMEOUT" | "TLS" | "UNEXPECTED" | "UNREACHABLE";
        SsoSettings: {
            /** Identity provider */
            provider: string;
            /**
             * Client ID
             * @description The client ID the identity provider gave the hub’s application.
             */
            clientId: string;
            /**
             * Client Secret
             * @description The secret of that client.
             */
            clientSecret: string;
            /**
             * SSO Enabled
             * @description When on, people sign in through the identity provider.
             * @default false
             */
            enabled: boolean;
            /**
             * Scopes
             * @description What the hub asks the provider for; openid is always included.
             * @default [
             *       "openid",
             *       "email",
             *       "profile"
             *     ]
             */
            scopes?: string[];
            /**
             * Administrators
             * @description Email addresses of the people who may administer these integrations after signing in; the provider must say each address is verified.
             */
            admins?: string[];
            /**
             * Administrator subjects
             * @description Subject identifiers (the `sub` claim) of more administrators, for accounts without a verified email.
             */
            adminSubjects?: string[];
            /**
             * Role claim
             * @description The claim of the ID token (or userinfo) that lists a person’s groups or roles.
             * @default groups
             */
            roleClaim?: string;
            /**
             * Administrator groups
             * @description Values of the role claim that make a person an administrator.
             */
            adminGroups?: string[];
            /**
             * Viewer groups
             * @description Values of the role claim that let a person look at the settings without changing them.
             */
            viewerGroups?: string[];
        } & ({
            enabled?: unknown;
            clientId?: unknown;
            clientSecret?: unknown;
            scopes?: unknown;
            admins?: unknown;
            adminSubjects?: unknown;
            roleClaim?: unknown;
            adminGroups?: unknown;
            viewerGroups?: unknown;
            /**
             * Auth0
             * @constant
             */
            provider?: "auth0";
            /**
             * Domain
             * @description Your Auth0 tenant’s domain, or its custom domain, without https://.
             * @example yourtenant.us.auth0.com
             */
            domain: string;
            /**
             * API Audience
             * @description The identifier of an Auth0 API the client may call; the connection test asks for a token for it.
             * @example https://api.example.com
             */
            audience?: string;
            /**
             * Organization
             * @description An Auth0 Organization (its ID, org_…): people sign in to it, and the hub checks the org_id of their ID token.
             * @example org_W7x9JkLmN2pQ4rS6
             */
            organization?: string;
        } | {
            enabled?: unknown;
            clientId?: unknown;
            clientSecret?: unknown;
            scopes?: unknown;
            admins?: unknown;
            adminSubjects?: unknown;
            roleClaim?: unknown;
            adminGroups?: unknown;
            viewerGroups?: unknown;
            /**
             * OpenID Connect
             * @constant
             */
            provider?: "oidc";
            /**
             * Issuer URL
             * Format: uri
             * @description The provider’s issuer, exactly as its /.well-known/openid-configuration names it. https is required; plain http only on this machine.
             * @example https://{yourOktaDomain}/oauth2/default
             * @example https://login.microsoftonline.com/{tenant-id}/v2.0
             * @example https://accounts.google.com
             * @example https://{keycloak-host}/realms/{realm}
             */
            issuer: string;
        });
        /**
         * @description What went wrong, as Jira reports it (a code of its error map, or a common one).
         * @enum {string}
         */
        JiraFailureCode: "ADDRESS_BLOCKED" | "COMMENT_REJECTED" | "EMAIL_REQUIRED" | "INVALID_JQL" | "INVALID_PAGE_TOKEN" | "INVALID_TOKEN" | "ISSUE_NOT_FOUND" | "ISSUE_REJECTED" | "LOGIN_DENIED" | "NOT_JIRA" | "NOT_PERMITTED" | "PASSWORD_NOT_TOKEN" | "PROJECT_NOT_FOUND" | "RATE_LIMITED" | "RATE_LIMITED_LATER" | "REDIRECT_REFUSED" | "REMOTE_ERROR" | "RESPONSE_TOO_LARGE" | "TIMEOUT" | "TLS" | "TOKEN_EXPIRED" | "TRANSITION_REJECTED" | "UNEXPECTED" | "UNEXPECTED_ANSWER" | "UNKNOWN_TRANSITION" | "UNREACHABLE";
        JiraSettings: {
            /**
             * Description
             * @description A short note for admins: what this Jira connection is used for.
             */
            description?: string;
            /**
             * Service URL
             * Format: uri
             * @description The address of your Jira site: Jira Cloud (…atlassian.net) or your own Jira Data Center.
             * @example https://yourcompany.atlassian.net
             */
            serviceUrl: string;
            /**
             * API Token
             * @description Jira Cloud: an API token of the user, created at id.atlassian.com → Security → API tokens (not the account password). Jira Data Center: a personal access token, created in your profile → Personal Access Tokens.
             */
            apiToken: string;
            /**
             * User Email
             * Format: email
             * @description The email address of the Atlassian account the token belongs to. Needed for Jira Cloud; Jira Data Center ignores it.
             */
            email?: string;
            /**
             * Token expires on
             * Format: date
             * @description The expiry date shown where the token was created: the hub warns before then. Jira Cloud API tokens expire within a year.
             */
            tokenExpiresOn?: string;
        };
        JiraCreateIssueInput: {
            /**
             * Project key
             * @description The key of the project, e.g. OPS.
             */
            projectKey: string;
            /** Summary */
            summary: string;
            /**
             * Issue type
             * @default Task
             */
            issueType?: string;
            /**
             * Description
             * @description Plain text; blank lines separate paragraphs. It shows as written on both Jira Cloud and Data Center.
             */
            description?: string;
            /**
             * Priority
             * @description The name of a priority, e.g. High.
             */
            priority?: string;
            /**
             * Assignee
             * @description Jira Cloud: the account ID of the user; Jira Data Center: the user name.
             */
            assignee?: string;
            /**
             * Components
             * @description Names of components of the project.
             */
            components?: string[];
            /** Labels */
            labels?: string[];
            /**
             * Custom fields
             * @description Values of custom fields by their ID, e.g. {"customfield_10011": "Q3 launch"}, in the form Jira’s REST API takes for each.
             */
            customFields?: {
                [key: string]: unknown;
            };
        };
        JiraCreateIssueOutput: {
            /** Issue key */
            key: string;
            /** Issue ID */
            id: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        JiraGetIssueInput: {
            /**
             * Issue key
             * @description The key of the issue, e.g. OPS-12.
             */
            key: string;
        };
        JiraGetIssueOutput: {
            /** Issue key */
            key: string;
            /** Issue ID */
            id: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
            /** Summary */
            summary: string;
            /** Status */
            status: string;
            /** Assignee */
            assignee?: {
                /** Account ID (Cloud) or user name (Data Center) */
                id: string;
                /** Name */
                displayName: string;
            };
            /** Priority */
            priority?: string;
            /** Issue type */
            issueType: string;
            /** Created */
            created: string;
            /** Updated */
            updated: string;
        };
        JiraAddCommentInput: {
            /**
             * Issue key
             * @description The key of the issue, e.g. OPS-12.
             */
            key: string;
            /**
             * Comment
             * @description Plain text; blank lines separate paragraphs.
             */
            body: string;
        };
        JiraAddCommentOutput: {
            /** Comment ID */
            id: string;
            /** Created */
            created: string;
        };
        JiraTransitionIssueInput: {
            /**
             * Issue key
             * @description The key of the issue, e.g. OPS-12.
             */
            key: string;
            /**
             * Transition
             * @description The name of a transition the issue offers now (e.g. Done; case does not matter), or its ID.
             */
            transition: string;
        };
        JiraTransitionIssueOutput: {
            /** Issue key */
            key: string;
            /** Transition */
            transition: {
                /** ID */
                id: string;
                /** Name */
                name: string;
            };
            /** New status */
            status?: string;
        };
        JiraSearchIssuesInput: {
            /**
             * JQL
             * @example project = OPS AND status != Done
             */
            jql: string;
            /**
             * Fields
             * @description The fields to return of each issue (default: summary and status), e.g. assignee or customfield_10011.
             */
            fields?: string[];
            /**
             * Issues per page
             * @default 50
             */
            maxResults?: number;
            /**
             * Next page
             * @description The nextPageToken of the previous page of the same search.
             */
            nextPageToken?: string;
        };
        JiraSearchIssuesOutput: {
            /** Issues */
            issues: {
                /** Issue key */
                key: string;
                /** Issue ID */
                id: string;
                /**
                 * Fields
                 * @description The requested fields as Jira returns them.
                 */
                fields: Record<string, never>;
            }[];
            /**
             * Next page
             * @description Present while there are more issues: pass it to get the next page.
             */
            nextPageToken?: string;
        };
        JiraListProjectsInput: Record<string, never>;
        JiraListProjectsOutput: {
            /** Projects */
            items: {
                /** Key */
                key: string;
                /** ID */
                id: string;
                /** Name */
                name: string;
            }[];
        };
        JiraListIssueTypesInput: {
            /**
             * Project key
             * @description The key of the project, e.g. OPS.
             */
            projectKey: string;
        };
        JiraListIssueTypesOutput: {
            /** Issue types */
            items: {
                /** ID */
                id: string;
                /** Name */
                name: string;
            }[];
        };
        /**
         * @description What went wrong, as ServiceNow reports it (a code of its error map, or a common one).
         * @enum {string}
         */
        ServicenowFailureCode: "ADDRESS_BLOCKED" | "BASIC_REFUSED" | "CLIENT_CREDENTIALS_REFUSED" | "DATA_POLICY" | "INVALID_CREDENTIALS" | "NOTHING_TO_CHANGE" | "NOT_PERMITTED" | "NOT_SERVICENOW" | "PLANNED_END_BEFORE_START" | "RATE_LIMITED" | "RATE_LIMITED_LATER" | "RECORD_NOT_FOUND" | "REDIRECT_REFUSED" | "REFERENCE_NOT_FOUND" | "REMOTE_ERROR" | "REQUEST_REJECTED" | "RESPONSE_TOO_LARGE" | "TIMEOUT" | "TLS" | "TOKEN_REFUSED" | "TOKEN_REJECTED" | "UNEXPECTED" | "UNREACHABLE";
        ServicenowSettings: {
            /**
             * Service URL
             * Format: uri
             * @description The address of your ServiceNow instance.
             * @example https://yourcompany.service-now.com
             */
            serviceUrl: string;
            /**
             * Authentication method
             * @default password
             */
            authMethod: string;
        } & ({
            serviceUrl?: unknown;
            /**
             * OAuth: API client and user
             * @constant
             */
            authMethod?: "password";
            /**
             * API Client ID
             * @description Client ID of the OAuth API endpoint created for the hub in System OAuth → Application Registry.
             */
            clientId: string;
            /**
             * API Client Secret
             * @description Client secret of that OAuth API endpoint.
             */
            clientSecret: string;
            /**
             * Username
             * @description The ServiceNow user the hub acts as; it needs the roles to create and update incidents and change requests.
             */
            username: string;
            /**
             * Password
             * @description That user’s password.
             */
            password: string;
        } | {
            serviceUrl?: unknown;
            /**
             * OAuth: API client only
             * @constant
             */
            authMethod?: "clientCredentials";
            /**
             * API Client ID
             * @description Client ID of the OAuth API endpoint. The hub acts as the endpoint’s OAuth Application User; the client credentials grant needs Washington DC or later and the system property glide.oauth.inbound.client.credential.grant_type.enabled set to true.
             */
            clientId: string;
            /**
             * API Client Secret
             * @description Client secret of that OAuth API endpoint.
             */
            clientSecret: string;
        } | {
            serviceUrl?: unknown;
            /**
             * Username and password
             * @constant
             */
            authMethod?: "basic";
            /**
             * Username
             * @description The ServiceNow user the hub acts as, signed in with HTTP Basic authentication on every call; instances that restrict Basic authentication need it to be a web service access only account or to have the snc_basic_auth_api_access role.
             */
            username: string;
            /**
             * Password
             * @description That user’s password.
             */
            password: string;
        });
        ServicenowCreateIncidentInput: {
            /**
             * Short description
             * @description One line that says what happened.
             */
            shortDescription: string;
            /**
             * Description
             * @description The full story.
             */
            description?: string;
            /** Urgency */
            urgency?: string & ("1" | "2" | "3");
            /** Impact */
            impact?: string & ("1" | "2" | "3");
            /**
             * Caller
             * @description The user the incident is for: a user name (user_name) or a sys_id.
             */
            caller?: string;
            /**
             * Assignment group
             * @description The group that works on it: its name (e.g. Service Desk) or its sys_id.
             */
            assignmentGroup?: string;
            /**
             * Category
             * @description A value of the incident’s Category choice list, e.g. inquiry, software, hardware, network, database.
             */
            category?: string;
            /**
             * Other fields
             * @description More columns of the incident table by their names, the instance’s own u_… columns included, with the values to set; sent as they are.
             */
            fields?: {
                [key: string]: string | number | boolean;
            };
        };
        ServicenowCreateIncidentOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        ServicenowGetIncidentInput: {
            /**
             * Incident number
             * @description The record's number, e.g. INC0010001.
             * @example INC0010001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
        } | unknown | unknown;
        ServicenowGetIncidentOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /** Short description */
            shortDescription?: string;
            /**
             * State
             * @description 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled (in a base instance).
             */
            state: string;
            /** State label */
            stateLabel?: string;
            /**
             * Assigned to
             * @description The name the instance shows for the user.
             */
            assignedTo?: string;
            /** Assignment group */
            assignmentGroup?: string;
            /**
             * Opened
             * Format: date-time
             */
            openedAt: string;
            /**
             * Updated
             * Format: date-time
             */
            updatedAt: string;
            /**
             * Resolved
             * Format: date-time
             */
            resolvedAt?: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        ServicenowUpdateIncidentInput: {
            /**
             * Incident number
             * @description The record's number, e.g. INC0010001.
             * @example INC0010001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
            /**
             * Short description
             * @description One line that says what happened.
             */
            shortDescription?: string;
            /**
             * Description
             * @description The full story.
             */
            description?: string;
            /** Urgency */
            urgency?: string & ("1" | "2" | "3");
            /** Impact */
            impact?: string & ("1" | "2" | "3");
            /**
             * Category
             * @description A value of the incident’s Category choice list, e.g. inquiry, software, hardware, network, database.
             */
            category?: string;
            /** State */
            state?: string & ("1" | "2" | "3" | "6" | "7" | "8");
            /**
             * Assigned to
             * @description The user who works on it: a user name (user_name) or a sys_id.
             */
            assignedTo?: string;
            /**
             * Assignment group
             * @description The group that works on it: its name (e.g. Service Desk) or its sys_id.
             */
            assignmentGroup?: string;
            /**
             * Other fields
             * @description More columns of the incident table by their names, the instance’s own u_… columns included, with the values to set; sent as they are.
             */
            fields?: {
                [key: string]: string | number | boolean;
            };
        } | unknown | unknown;
        ServicenowUpdateIncidentOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        ServicenowAddWorkNoteInput: {
            /**
             * Incident number
             * @description The record's number, e.g. INC0010001.
             * @example INC0010001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
            /**
             * Work note
             * @description Visible to the people who work on the incident, not to the caller.
             */
            text: string;
        } | unknown | unknown;
        ServicenowAddWorkNoteOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
        };
        ServicenowAddCommentInput: {
            /**
             * Incident number
             * @description The record's number, e.g. INC0010001.
             * @example INC0010001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
            /**
             * Comment
             * @description An additional comment, visible to the caller.
             */
            text: string;
        } | unknown | unknown;
        ServicenowAddCommentOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
        };
        ServicenowResolveIncidentInput: {
            /**
             * Incident number
             * @description The record's number, e.g. INC0010001.
             * @example INC0010001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
            /**
             * Resolution code
             * @description A value of the instance’s Resolution code list, e.g. Solution provided, Workaround provided, Duplicate, Resolved by caller.
             */
            closeCode: string;
            /**
             * Resolution notes
             * @description How the incident was resolved.
             */
            closeNotes: string;
        } | unknown | unknown;
        ServicenowResolveIncidentOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /**
             * State
             * @description 6 (Resolved) once the instance accepted it.
             */
            state: string;
        };
        ServicenowCreateChangeRequestInput: {
            /**
             * Short description
             * @description One line that says what happened.
             */
            shortDescription: string;
            /**
             * Description
             * @description The full story.
             */
            description?: string;
            /** Type */
            type?: string & ("normal" | "standard" | "emergency");
            /**
             * Planned start
             * Format: date-time
             * @description When the work begins.
             * @example 2026-07-01T22:00:00Z
             */
            plannedStart?: string;
            /**
             * Planned end
             * Format: date-time
             * @description When the work is done; after the planned start.
             * @example 2026-07-01T22:00:00Z
             */
            plannedEnd?: string;
            /**
             * Assignment group
             * @description The group that works on it: its name (e.g. Service Desk) or its sys_id.
             */
            assignmentGroup?: string;
            /**
             * Other fields
             * @description More columns of the change_request table by their names, the instance’s own u_… columns included, with the values to set; sent as they are.
             */
            fields?: {
                [key: string]: string | number | boolean;
            };
        };
        ServicenowCreateChangeRequestOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        ServicenowGetChangeRequestInput: {
            /**
             * Change number
             * @description The record's number, e.g. CHG0030001.
             * @example CHG0030001
             */
            number?: string;
            /**
             * sys_id
             * @description The record’s sys_id (32 hexadecimal characters).
             */
            sysId?: string;
        } | unknown | unknown;
        ServicenowGetChangeRequestOutput: {
            /** Number */
            number: string;
            /** sys_id */
            sysId: string;
            /** Short description */
            shortDescription?: string;
            /** Type */
            type?: string;
            /**
             * State
             * @description In a base instance: -5 New, -4 Assess, -3 Authorize, -2 Scheduled, -1 Implement, 0 Review, 3 Closed, 4 Canceled.
             */
            state: string;
            /** State label */
            stateLabel?: string;
            /**
             * Planned start
             * Format: date-time
             */
            plannedStart?: string;
            /**
             * Planned end
             * Format: date-time
             */
            plannedEnd?: string;
            /** Assigned to */
            assignedTo?: string;
            /** Assignment group */
            assignmentGroup?: string;
            /**
             * Link
             * Format: uri
             */
            url: string;
        };
        /**
         * @description What went wrong, as SMTP reports it (a code of its error map, or a common one).
         * @enum {string}
         */
        SmtpFailureCode: "ADDRESS_BLOCKED" | "ATTACHMENTS_TOO_LARGE" | "AUTH_FAILED" | "AUTH_UNAVAILABLE" | "BASIC_AUTH_DISABLED" | "GOOGLE_ADDRESS_BLOCKED" | "GOOGLE_KEY_INVALID" | "GOOGLE_KEY_REFUSED" | "GOOGLE_NOT_DELEGATED" | "GOOGLE_NOT_OAUTH" | "GOOGLE_REFUSED" | "GOOGLE_TIMEOUT" | "GOOGLE_TLS" | "GOOGLE_UNAVAILABLE" | "GOOGLE_UNKNOWN_USER" | "GOOGLE_UNREACHABLE" | "MESSAGE_REJECTED" | "MICROSOFT_ADDRESS_BLOCKED" | "MICROSOFT_APP_NOT_FOUND" | "MICROSOFT_INVALID_SECRET" | "MICROSOFT_NOT_OAUTH" | "MICROSOFT_REFUSED" | "MICROSOFT_SECRET_EXPIRED" | "MICROSOFT_TENANT_NOT_FOUND" | "MICROSOFT_TIMEOUT" | "MICROSOFT_TLS" | "MICROSOFT_UNAVAILABLE" | "MICROSOFT_UNREACHABLE" | "NOT_SMTP" | "NO_GREETING" | "RECIPIENTS_REJECTED" | "REDIRECT_REFUSED" | "RESPONSE_TOO_LARGE" | "STARTTLS_UNAVAILABLE" | "TIMEOUT" | "TLS" | "TLS_MISMATCH" | "TOKEN_ADDRESS_BLOCKED" | "TOKEN_INVALID_CLIENT" | "TOKEN_INVALID_SCOPE" | "TOKEN_LOGIN_REFUSED" | "TOKEN_NOT_OAUTH" | "TOKEN_REFUSED" | "TOKEN_TIMEOUT" | "TOKEN_TLS" | "TOKEN_UNAVAILABLE" | "TOKEN_UNREACHABLE" | "UNEXPECTED" | "UNREACHABLE" | "XOAUTH2_UNAVAILABLE";
        SmtpSettings: {
            /**
             * Sign-in method
             * @default password
             */
            auth?: string;
        } & ({
            /** @constant */
            auth?: "password";
            /**
             * SMTP Host
             * @description The host name of your SMTP server.
             * @example smtp.gmail.com
             */
            host: string;
            /**
             * SMTP Port
             * @description 587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays. Empty means 587 (465 with SSL/TLS).
             * @example 587
             */
            port?: number;
            /**
             * Security
             * @description Automatic (also when not chosen) uses SSL/TLS on port 465 and requires STARTTLS on every other port.
             */
            security?: string & ("auto" | "tls" | "starttls" | "none");
            /**
             * Email Address
             * Format: email
             * @description The sender’s address: mail from the platform comes from it.
             * @example notifications@yourcompany.com
             */
            email: string;
            /**
             * Login name
             * @description Only if your server expects a login other than the email address.
             */
            username?: string;
            /**
             * Password
             * @description The password (or app password) of the email account.
             */
            password: string;
            /**
             * Sender name
             * @description Shown to recipients beside the address, e.g. "CloudPi Notifications".
             */
            senderName?: string;
        } | {
            /** @constant */
            auth: "oauth2";
            /**
             * SMTP Host
             * @description The host name of your SMTP server.
             * @example smtp.gmail.com
             */
            host: string;
            /**
             * SMTP Port
             * @description 587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays. Empty means 587 (465 with SSL/TLS).
             * @example 587
             */
            port?: number;
            /**
             * Security
             * @description Automatic (also when not chosen) uses SSL/TLS on port 465 and requires STARTTLS on every other port.
             */
            security?: string & ("auto" | "tls" | "starttls" | "none");
            /**
             * Email Address
             * Format: email
             * @description The sender’s address: mail from the platform comes from it.
             * @example notifications@yourcompany.com
             */
            email: string;
            /**
             * Token endpoint URL
             * Format: uri
             * @description Where the hub gets an access token by the client-credentials grant. The client secret is sent there.
             * @example https://login.yourcompany.com/oauth2/token
             */
            tokenUrl: string;
            /**
             * Client ID
             * @description The client ID of the hub’s application at that endpoint.
             */
            clientId: string;
            /**
             * Client secret
             * @description The secret of that client.
             */
            clientSecret: string;
            /**
             * Scope
             * @description What to ask the token endpoint for, in its words (several separated by spaces). Empty if it needs none.
             */
            scope?: string;
            /**
             * Sender name
             * @description Shown to recipients beside the address, e.g. "CloudPi Notifications".
             */
            senderName?: string;
        } | {
            /** @constant */
            auth: "microsoft365";
            /**
             * SMTP Host
             * @description Leave empty for smtp.office365.com.
             * @example smtp.office365.com
             */
            host?: string;
            /**
             * SMTP Port
             * @description 587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays. Empty means 587 (465 with SSL/TLS).
             * @example 587
             */
            port?: number;
            /**
             * Security
             * @description Automatic (also when not chosen) uses SSL/TLS on port 465 and requires STARTTLS on every other port.
             */
            security?: string & ("auto" | "tls" | "starttls" | "none");
            /**
             * Email Address
             * Format: email
             * @description The mailbox mail comes from: the app needs permission to send as it in Exchange Online.
             * @example notifications@yourcompany.com
             */
            email: string;
            /**
             * Directory (tenant) ID
             * @description On the app registration’s overview in Microsoft Entra: a GUID, or your domain such as contoso.onmicrosoft.com.
             * @example 72f988bf-86f1-41af-91ab-2d7cd011db47
             */
            tenantId: string;
            /**
             * Client ID
             * @description The Application (client) ID of the app registration.
             */
            clientId: string;
            /**
             * Client secret
             * @description A client secret’s value (not its Secret ID) from Certificates & secrets.
             */
            clientSecret: string;
            /**
             * Sender name
             * @description Shown to recipients beside the address, e.g. "CloudPi Notifications".
             */
            senderName?: string;
        } | {
            /** @constant */
            auth: "google";
            /**
             * SMTP Host
             * @description Leave empty for smtp.gmail.com.
             * @example smtp.gmail.com
             */
            host?: string;
            /**
             * SMTP Port
             * @description 587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays. Empty means 587 (465 with SSL/TLS).
             * @example 587
             */
            port?: number;
            /**
             * Security
             * @description Automatic (also when not chosen) uses SSL/TLS on port 465 and requires STARTTLS on every other port.
             */
            security?: string & ("auto" | "tls" | "starttls" | "none");
            /**
             * Email Address
             * Format: email
             * @description The Workspace user mail comes from: the service account signs in as this user.
             * @example notifications@yourcompany.com
             */
            email: string;
            /**
             * Service account key (JSON)
             * @description The JSON key of a service account with domain-wide delegation for https://mail.google.com/.
             */
            serviceAccountKey: string;
            /**
             * Sender name
             * @description Shown to recipients beside the address, e.g. "CloudPi Notifications".
             */
            senderName?: string;
        });
        SmtpSendInput: {
            /** To */
            to: string | string[];
            /** Cc */
            cc?: string | string[];
            /** Bcc */
            bcc?: string | string[];
            /**
             * Reply to
             * Format: email
             */
            replyTo?: string;
            /** Subject */
            subject: string;
            /** Text */
            text?: string;
            /** HTML */
            html?: string;
            /**
             * Attachments
             * @description Files sent with the message: 10 MB at most, all together (after decoding).
             */
            attachments?: {
                /** File name */
                filename: string;
                /** Content type */
                contentType?: string;
                /** Content (base64) */
                content: string;
            }[];
        } | unknown | unknown;
        SmtpSendOutput: {
            /**
             * Message-ID
             * @description The Message-ID header of the message sent.
             */
            messageId: string;
            /** Accepted recipients */
            accepted: string[];
            /** Refused recipients */
            rejected: string[];
        };
    };
    responses: {
        /** @description No caller, or one the hub does not accept. `HUB_ERR_INVALID_TOKEN`, `HUB_ERR_SESSION_ENDED`, `HUB_ERR_TOKEN_EXPIRED`, `HUB_ERR_TOKEN_REVOKED`, `HUB_ERR_UNAUTHENTICATED`. */
        InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_INVALID_TOKEN" | "HUB_ERR_SESSION_ENDED" | "HUB_ERR_TOKEN_EXPIRED" | "HUB_ERR_TOKEN_REVOKED" | "HUB_ERR_UNAUTHENTICATED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_FORBIDDEN`. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_FORBIDDEN";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Too many requests: `Retry-After` says how many seconds to wait. `HUB_ERR_RATE_LIMITED`. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before asking again. */
                "retry-after"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_RATE_LIMITED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description A fault inside the hub (in its log), or secrets it cannot decrypt. `HUB_ERR_INTERNAL`. */
        Internal: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_INTERNAL";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The hub cannot serve this right now; try again in a moment. `HUB_ERR_STORE_UNAVAILABLE`. */
        StoreUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_STORE_UNAVAILABLE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_FORBIDDEN`, `HUB_ERR_OPERATOR_ONLY`. */
        ForbiddenOperatorOnly: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_FORBIDDEN" | "HUB_ERR_OPERATOR_ONLY";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_MALFORMED_BODY`, `HUB_ERR_VALIDATION`. */
        MalformedBodyValidation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MALFORMED_BODY" | "HUB_ERR_VALIDATION";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_CROSS_SITE`, `HUB_ERR_FORBIDDEN`, `HUB_ERR_OPERATOR_ONLY`. */
        CrossSiteForbiddenOperatorOnly: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_CROSS_SITE" | "HUB_ERR_FORBIDDEN" | "HUB_ERR_OPERATOR_ONLY";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_WORKSPACE_EXISTS`. */
        WorkspaceExists: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_WORKSPACE_EXISTS";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request body is too large. `HUB_ERR_BODY_TOO_LARGE`. */
        BodyTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_BODY_TOO_LARGE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request body is not JSON. `HUB_ERR_UNSUPPORTED_MEDIA_TYPE`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNSUPPORTED_MEDIA_TYPE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_VALIDATION`. */
        Validation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_VALIDATION";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_WORKSPACE_PROTECTED`. */
        WorkspaceProtected: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_WORKSPACE_PROTECTED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description A fault inside the hub (in its log), or secrets it cannot decrypt. `HUB_ERR_INTERNAL`, `HUB_ERR_SECRET_UNREADABLE`. */
        InternalSecretUnreadable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_INTERNAL" | "HUB_ERR_SECRET_UNREADABLE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_INTEGRATION`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownIntegrationUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_INTEGRATION" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_CROSS_SITE`, `HUB_ERR_FORBIDDEN`, `HUB_ERR_READ_ONLY`. */
        CrossSiteForbiddenReadOnly: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_CROSS_SITE" | "HUB_ERR_FORBIDDEN" | "HUB_ERR_READ_ONLY";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_MANAGED`, `HUB_ERR_VERSION_CONFLICT`. */
        ManagedVersionConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MANAGED" | "HUB_ERR_VERSION_CONFLICT";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_TEST_FAILED`. */
        TestFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_TEST_FAILED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The hub cannot serve this right now; try again in a moment. `HUB_ERR_BUSY`, `HUB_ERR_STORE_UNAVAILABLE`. */
        BusyStoreUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_BUSY" | "HUB_ERR_STORE_UNAVAILABLE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_MANAGED`. */
        Managed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MANAGED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_NOT_CONFIGURED`. */
        NotConfigured: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_NOT_CONFIGURED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_JOB`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownJobUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_JOB" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_ACTION`, `HUB_ERR_UNKNOWN_INTEGRATION`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownActionUnknownIntegrationUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_ACTION" | "HUB_ERR_UNKNOWN_INTEGRATION" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_IDEMPOTENCY_IN_PROGRESS`, `HUB_ERR_NOT_CONFIGURED`. */
        IdempotencyInProgressNotConfigured: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_IDEMPOTENCY_IN_PROGRESS" | "HUB_ERR_NOT_CONFIGURED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_ACTION_REJECTED`, `HUB_ERR_IDEMPOTENCY_MISMATCH`. */
        ActionRejectedIdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_ACTION_REJECTED" | "HUB_ERR_IDEMPOTENCY_MISMATCH";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service failed. `HUB_ERR_REMOTE_FAILED`. */
        RemoteFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_FAILED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service did not answer in time. `HUB_ERR_REMOTE_TIMEOUT`. */
        RemoteTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_TIMEOUT";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_TOKEN`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownTokenUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_TOKEN" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_SESSION`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownSessionUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_SESSION" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_MALFORMED_BODY`, `HUB_ERR_TICKET_INVALID`, `HUB_ERR_VALIDATION`. */
        MalformedBodyTicketInvalidValidation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MALFORMED_BODY" | "HUB_ERR_TICKET_INVALID" | "HUB_ERR_VALIDATION";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_CROSS_SITE`, `HUB_ERR_FORBIDDEN`, `HUB_ERR_TICKET_OTHER_WORKSPACE`. */
        CrossSiteForbiddenTicketOtherWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_CROSS_SITE" | "HUB_ERR_FORBIDDEN" | "HUB_ERR_TICKET_OTHER_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_FORBIDDEN`, `HUB_ERR_WEBHOOKS_OUT_OF_SCOPE`. */
        ForbiddenWebhooksOutOfScope: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_FORBIDDEN" | "HUB_ERR_WEBHOOKS_OUT_OF_SCOPE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description There is no such thing, or it is not the caller’s to see. `HUB_ERR_UNKNOWN_WEBHOOK`, `HUB_ERR_UNKNOWN_WORKSPACE`. */
        UnknownWebhookUnknownWorkspace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_UNKNOWN_WEBHOOK" | "HUB_ERR_UNKNOWN_WORKSPACE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_CROSS_SITE`, `HUB_ERR_FORBIDDEN`, `HUB_ERR_READ_ONLY`, `HUB_ERR_WEBHOOKS_OUT_OF_SCOPE`. */
        CrossSiteForbiddenReadOnlyWebhooksOutOfScope: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_CROSS_SITE" | "HUB_ERR_FORBIDDEN" | "HUB_ERR_READ_ONLY" | "HUB_ERR_WEBHOOKS_OUT_OF_SCOPE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_MANAGED`, `HUB_ERR_TOO_MANY_WEBHOOKS`. */
        ManagedTooManyWebhooks: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MANAGED" | "HUB_ERR_TOO_MANY_WEBHOOKS";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description No caller, or one the hub does not accept. `HUB_ERR_INVALID_TOKEN`, `HUB_ERR_UNAUTHENTICATED`. */
        InvalidTokenUnauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_INVALID_TOKEN" | "HUB_ERR_UNAUTHENTICATED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description No caller, or one the hub does not accept. `HUB_ERR_INVALID_TOKEN`. */
        InvalidToken: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_INVALID_TOKEN";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description No caller, or one the hub does not accept. `HUB_ERR_SESSION_ENDED`, `HUB_ERR_UNAUTHENTICATED`. */
        SessionEndedUnauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_SESSION_ENDED" | "HUB_ERR_UNAUTHENTICATED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_MALFORMED_BODY`. */
        MalformedBody: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_MALFORMED_BODY";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The caller may not do this. `HUB_ERR_CROSS_SITE`. */
        CrossSite: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_CROSS_SITE";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_RETURN_TO_REFUSED`, `HUB_ERR_VALIDATION`. */
        ReturnToRefusedValidation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_RETURN_TO_REFUSED" | "HUB_ERR_VALIDATION";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_SSO_NEEDS_PUBLIC_URL`, `HUB_ERR_SSO_NOT_ENABLED`. */
        SsoNeedsPublicUrlSsoNotEnabled: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_SSO_NEEDS_PUBLIC_URL" | "HUB_ERR_SSO_NOT_ENABLED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The request is not valid: `fields` names each input, in words. `HUB_ERR_LOGIN_FAILED`, `HUB_ERR_VALIDATION`. */
        LoginFailedValidation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_LOGIN_FAILED" | "HUB_ERR_VALIDATION";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description This conflicts with what is stored. `HUB_ERR_SSO_NOT_ENABLED`. */
        SsoNotEnabled: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_SSO_NOT_ENABLED";
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_TEST_FAILED`. `code` is one of `SsoFailureCode`. */
        SsoTestFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_TEST_FAILED";
                    test?: {
                        code?: components["schemas"]["SsoFailureCode"];
                    };
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_TEST_FAILED`. `code` is one of `JiraFailureCode`. */
        JiraTestFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_TEST_FAILED";
                    test?: {
                        code?: components["schemas"]["JiraFailureCode"];
                    };
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_ACTION_REJECTED`, `HUB_ERR_IDEMPOTENCY_MISMATCH`. `code` is one of `JiraFailureCode`. */
        JiraActionRejectedIdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_ACTION_REJECTED" | "HUB_ERR_IDEMPOTENCY_MISMATCH";
                    code?: components["schemas"]["JiraFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service failed. `HUB_ERR_REMOTE_FAILED`. `code` is one of `JiraFailureCode`. */
        JiraRemoteFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_FAILED";
                    code?: components["schemas"]["JiraFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service did not answer in time. `HUB_ERR_REMOTE_TIMEOUT`. `code` is one of `JiraFailureCode`. */
        JiraRemoteTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_TIMEOUT";
                    code?: components["schemas"]["JiraFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_TEST_FAILED`. `code` is one of `ServicenowFailureCode`. */
        ServicenowTestFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_TEST_FAILED";
                    test?: {
                        code?: components["schemas"]["ServicenowFailureCode"];
                    };
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_ACTION_REJECTED`, `HUB_ERR_IDEMPOTENCY_MISMATCH`. `code` is one of `ServicenowFailureCode`. */
        ServicenowActionRejectedIdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_ACTION_REJECTED" | "HUB_ERR_IDEMPOTENCY_MISMATCH";
                    code?: components["schemas"]["ServicenowFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service failed. `HUB_ERR_REMOTE_FAILED`. `code` is one of `ServicenowFailureCode`. */
        ServicenowRemoteFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_FAILED";
                    code?: components["schemas"]["ServicenowFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service did not answer in time. `HUB_ERR_REMOTE_TIMEOUT`. `code` is one of `ServicenowFailureCode`. */
        ServicenowRemoteTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_TIMEOUT";
                    code?: components["schemas"]["ServicenowFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_TEST_FAILED`. `code` is one of `SmtpFailureCode`. */
        SmtpTestFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_TEST_FAILED";
                    test?: {
                        code?: components["schemas"]["SmtpFailureCode"];
                    };
                } & components["schemas"]["HubError"];
            };
        };
        /** @description Understood, but refused. `HUB_ERR_ACTION_REJECTED`, `HUB_ERR_IDEMPOTENCY_MISMATCH`. `code` is one of `SmtpFailureCode`. */
        SmtpActionRejectedIdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_ACTION_REJECTED" | "HUB_ERR_IDEMPOTENCY_MISMATCH";
                    code?: components["schemas"]["SmtpFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service failed. `HUB_ERR_REMOTE_FAILED`. `code` is one of `SmtpFailureCode`. */
        SmtpRemoteFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_FAILED";
                    code?: components["schemas"]["SmtpFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
        /** @description The remote service did not answer in time. `HUB_ERR_REMOTE_TIMEOUT`. `code` is one of `SmtpFailureCode`. */
        SmtpRemoteTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    /** @enum {string} */
                    error?: "HUB_ERR_REMOTE_TIMEOUT";
                    code?: components["schemas"]["SmtpFailureCode"];
                } & components["schemas"]["HubError"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getCaller: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller of the API: its token or session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Caller"];
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workspaces: components["schemas"]["WorkspaceView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenOperatorOnly"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Workspace ID
                     * @description Lower-case letters, digits and dashes, 1 to 63 characters.
                     */
                    id: string;
                    /** Name */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            409: components["responses"]["WorkspaceExists"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            409: components["responses"]["WorkspaceProtected"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    renameWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Name */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listIntegrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        integrations: components["schemas"]["CatalogEntry"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveIntegration: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: Record<string, never>;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["TestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    deleteIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was nothing to remove) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    testIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description The test ran: `ok` says whether the settings work */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestResult"];
                    "application/x-ndjson": {
                        step?: components["schemas"]["StepResult"];
                        result?: components["schemas"]["TestResult"];
                        error?: components["schemas"]["HubError"];
                    };
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["NotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    getConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveConnection: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path: {
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: Record<string, never>;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["TestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    deleteConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was nothing to remove) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    testConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description The test ran: `ok` says whether the settings work */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestResult"];
                    "application/x-ndjson": {
                        step?: components["schemas"]["StepResult"];
                        result?: components["schemas"]["TestResult"];
                        error?: components["schemas"]["HubError"];
                    };
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["NotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A queued action (`Prefer: respond-async`): its status, attempts, and once done its result or final error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownJobUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listConnections: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connections: components["schemas"]["ConnectionSummary"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    runAction: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path: {
                id: string;
                action: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The action’s output: each action’s own operation gives its schema */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["RemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["RemoteTimeout"];
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                integration?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Newest first. */
                        entries: components["schemas"]["AuditEntry"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["TokenView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Subject
                     * @description Who the token is for; the audit trail names them so.
                     */
                    subject: string;
                    /**
                     * Role
                     * @enum {string}
                     */
                    role: "admin" | "viewer";
                    /** Integrations */
                    integrations?: string[];
                    /**
                     * Lifetime in seconds
                     * @default 900
                     */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description A scoped token just minted: the token itself is shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedToken"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownTokenUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessions: components["schemas"]["SessionView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    endSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownSessionUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    redeemTicket: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Ticket */
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Who signed in through single sign-on, as the identity provider verified them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInIdentity"];
                };
            };
            400: components["responses"]["MalformedBodyTicketInvalidValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenTicketOtherWorkspace"];
            404: components["responses"]["UnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhooks: components["schemas"]["WebhookView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A webhook as the API shows it: never its secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * URL
                     * @description Where each event is POSTed (https, or http), signed as Standard Webhooks specifies.
                     * @example https://example.com/hooks/hub
                     */
                    url: string;
                    /**
                     * Events
                     * @description The event types to send here.
                     */
                    events: ("connection.failing" | "connection.recovered" | "credential.expiring" | "connection.changed" | "action.completed" | "action.failed")[];
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookView"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWorkspace"];
            409: components["responses"]["ManagedTooManyWebhooks"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    pingWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One delivery attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["DeliveryView"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listIntegrationsInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        integrations: components["schemas"]["CatalogEntry"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getIntegrationInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveIntegrationInWorkspace: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path: {
                workspace: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: Record<string, never>;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["TestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    deleteIntegrationInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was nothing to remove) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    testIntegrationInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description The test ran: `ok` says whether the settings work */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestResult"];
                    "application/x-ndjson": {
                        step?: components["schemas"]["StepResult"];
                        result?: components["schemas"]["TestResult"];
                        error?: components["schemas"]["HubError"];
                    };
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["NotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    getConnectionInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveConnectionInWorkspace: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path: {
                workspace: string;
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: Record<string, never>;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["TestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    deleteConnectionInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was nothing to remove) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    testConnectionInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
                connection: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description The test ran: `ok` says whether the settings work */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestResult"];
                    "application/x-ndjson": {
                        step?: components["schemas"]["StepResult"];
                        result?: components["schemas"]["TestResult"];
                        error?: components["schemas"]["HubError"];
                    };
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["NotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    getJobInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                job: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A queued action (`Prefer: respond-async`): its status, attempts, and once done its result or final error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownJobUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listConnectionsInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connections: components["schemas"]["ConnectionSummary"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    runActionInWorkspace: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path: {
                workspace: string;
                id: string;
                action: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The action’s output: each action’s own operation gives its schema */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["RemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["RemoteTimeout"];
        };
    };
    listAuditEntriesInWorkspace: {
        parameters: {
            query?: {
                integration?: string;
                limit?: number;
            };
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Newest first. */
                        entries: components["schemas"]["AuditEntry"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listTokensInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["TokenView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    createTokenInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Subject
                     * @description Who the token is for; the audit trail names them so.
                     */
                    subject: string;
                    /**
                     * Role
                     * @enum {string}
                     */
                    role: "admin" | "viewer";
                    /** Integrations */
                    integrations?: string[];
                    /**
                     * Lifetime in seconds
                     * @default 900
                     */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description A scoped token just minted: the token itself is shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedToken"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    revokeTokenInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownTokenUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listSessionsInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessions: components["schemas"]["SessionView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenOperatorOnly"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    endSessionInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenOperatorOnly"];
            404: components["responses"]["UnknownSessionUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    redeemTicketInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Ticket */
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Who signed in through single sign-on, as the identity provider verified them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInIdentity"];
                };
            };
            400: components["responses"]["MalformedBodyTicketInvalidValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenTicketOtherWorkspace"];
            404: components["responses"]["UnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listWebhooksInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhooks: components["schemas"]["WebhookView"][];
                    };
                };
            };
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getWebhookInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A webhook as the API shows it: never its secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookView"];
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    saveWebhookInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * URL
                     * @description Where each event is POSTed (https, or http), signed as Standard Webhooks specifies.
                     * @example https://example.com/hooks/hub
                     */
                    url: string;
                    /**
                     * Events
                     * @description The event types to send here.
                     */
                    events: ("connection.failing" | "connection.recovered" | "credential.expiring" | "connection.changed" | "action.completed" | "action.failed")[];
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookView"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWorkspace"];
            409: components["responses"]["ManagedTooManyWebhooks"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    deleteWebhookInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            409: components["responses"]["Managed"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    pingWebhookInWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One delivery attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnlyWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listDeliveriesInWorkspace: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                workspace: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["DeliveryView"][];
                    };
                };
            };
            400: components["responses"]["Validation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["ForbiddenWebhooksOutOfScope"];
            404: components["responses"]["UnknownWebhookUnknownWorkspace"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    checkLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            500: components["responses"]["Internal"];
        };
    };
    checkReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ready";
                    };
                };
            };
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["InvalidTokenUnauthenticated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Admin token */
                    token: string;
                };
            };
        };
        responses: {
            /** @description Signed in: the `hub_session` cookie is set */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidToken"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getSignedIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Who is signed in to the page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            401: components["responses"]["SessionEndedUnauthenticated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getSignInOptions: {
        parameters: {
            query?: {
                workspace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ssoEnabled: boolean;
                    };
                };
            };
            400: components["responses"]["Validation"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description Send the browser here to end the identity provider’s session too.
                         */
                        endSessionUrl: string;
                    };
                };
            };
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedBody"];
            403: components["responses"]["CrossSite"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    startSingleSignOn: {
        parameters: {
            query?: {
                workspace?: string;
                /** @description A URL on one of HUB_ALLOWED_ORIGINS: the browser goes back there with a one-time `hub_ticket`. */
                return_to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect to the identity provider */
            302: {
                headers: {
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ReturnToRefusedValidation"];
            404: components["responses"]["UnknownWorkspace"];
            409: components["responses"]["SsoNeedsPublicUrlSsoNotEnabled"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["RemoteFailed"];
            503: components["responses"]["StoreUnavailable"];
            504: components["responses"]["RemoteTimeout"];
        };
    };
    finishSingleSignOn: {
        parameters: {
            query?: {
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect to the hub’s page (signed in), or to `return_to` with `hub_ticket` */
            302: {
                headers: {
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["LoginFailedValidation"];
            409: components["responses"]["SsoNotEnabled"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["RemoteFailed"];
            503: components["responses"]["StoreUnavailable"];
            504: components["responses"]["RemoteTimeout"];
        };
    };
    saveSso: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: components["schemas"]["SsoSettings"];
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["SsoTestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    saveJira: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: components["schemas"]["JiraSettings"];
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraTestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    jiraCreateIssue: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraCreateIssueInput"];
            };
        };
        responses: {
            /** @description What “Create an issue” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraCreateIssueOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraGetIssue: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraGetIssueInput"];
            };
        };
        responses: {
            /** @description What “Get an issue” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraGetIssueOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraAddComment: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraAddCommentInput"];
            };
        };
        responses: {
            /** @description What “Comment on an issue” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraAddCommentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraTransitionIssue: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraTransitionIssueInput"];
            };
        };
        responses: {
            /** @description What “Move an issue through its workflow” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraTransitionIssueOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraSearchIssues: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraSearchIssuesInput"];
            };
        };
        responses: {
            /** @description What “Search issues with JQL” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraSearchIssuesOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraListProjects: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraListProjectsInput"];
            };
        };
        responses: {
            /** @description What “List projects” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraListProjectsOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    jiraListIssueTypes: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JiraListIssueTypesInput"];
            };
        };
        responses: {
            /** @description What “List the issue types of a project” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JiraListIssueTypesOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["JiraActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["JiraRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["JiraRemoteTimeout"];
        };
    };
    saveServicenow: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: components["schemas"]["ServicenowSettings"];
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowTestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    servicenowCreateIncident: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowCreateIncidentInput"];
            };
        };
        responses: {
            /** @description What “Create an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowCreateIncidentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowGetIncident: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowGetIncidentInput"];
            };
        };
        responses: {
            /** @description What “Read an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowGetIncidentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowUpdateIncident: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowUpdateIncidentInput"];
            };
        };
        responses: {
            /** @description What “Update an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowUpdateIncidentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowAddWorkNote: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowAddWorkNoteInput"];
            };
        };
        responses: {
            /** @description What “Add a work note to an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowAddWorkNoteOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowAddComment: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowAddCommentInput"];
            };
        };
        responses: {
            /** @description What “Add a comment to an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowAddCommentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowResolveIncident: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowResolveIncidentInput"];
            };
        };
        responses: {
            /** @description What “Resolve an incident” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowResolveIncidentOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowCreateChangeRequest: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowCreateChangeRequestInput"];
            };
        };
        responses: {
            /** @description What “Create a change request” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowCreateChangeRequestOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    servicenowGetChangeRequest: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicenowGetChangeRequestInput"];
            };
        };
        responses: {
            /** @description What “Read a change request” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServicenowGetChangeRequestOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ServicenowActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["ServicenowRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["ServicenowRemoteTimeout"];
        };
    };
    saveSmtp: {
        parameters: {
            query?: {
                /** @description Store the settings even when their test fails (the failure is recorded). */
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: components["schemas"]["SmtpSettings"];
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            /** @description Saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["ManagedVersionConflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["SmtpTestFailed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            503: components["responses"]["BusyStoreUnavailable"];
        };
    };
    smtpSend: {
        parameters: {
            query?: {
                connection?: string;
            };
            header?: {
                /** @description The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice. */
                "idempotency-key"?: string;
                /** @description `respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id). */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmtpSendInput"];
            };
        };
        responses: {
            /** @description What “Send an email” answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmtpSendOutput"];
                };
            };
            /** @description Queued (`Prefer: respond-async`): the job, also at `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
                };
            };
            400: components["responses"]["MalformedBodyValidation"];
            401: components["responses"]["InvalidTokenSessionEndedTokenExpiredTokenRevokedUnauthenticated"];
            403: components["responses"]["CrossSiteForbiddenReadOnly"];
            404: components["responses"]["UnknownActionUnknownIntegrationUnknownWorkspace"];
            409: components["responses"]["IdempotencyInProgressNotConfigured"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["SmtpActionRejectedIdempotencyMismatch"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalSecretUnreadable"];
            502: components["responses"]["SmtpRemoteFailed"];
            503: components["responses"]["BusyStoreUnavailable"];
            504: components["responses"]["SmtpRemoteTimeout"];
        };
    };
}
