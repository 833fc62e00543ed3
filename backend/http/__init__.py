"""HTTP plumbing shared by the routes: responses, health checks, the SPA."""
