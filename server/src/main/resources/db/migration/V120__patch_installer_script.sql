-- Issue 18: the built-in patch installer is a library script of interpreter 'patch' (protocol PatchInstall) whose body
-- is fixed. The script library refuses 'patch' from people; the patching module makes the one script once, through
-- ScriptLibrary.patchInstaller(). At most one script of that interpreter exists.
ALTER TABLE script DROP CONSTRAINT script_interpreter_check;
ALTER TABLE script ADD CONSTRAINT script_interpreter_check CHECK (interpreter IN ('bash', 'sh', 'powershell', 'python', 'patch'));
CREATE UNIQUE INDEX script_patch_installer_idx ON script (interpreter) WHERE interpreter = 'patch';

-- Patch install results per device and package, from the installer's output lines (steward-patch: ...).
CREATE TABLE patch_install_result (
    task_id     uuid        NOT NULL,
    device_id   uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    version     text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('installed', 'failed', 'refused')),
    reason      text        NOT NULL DEFAULT '',
    at          timestamptz NOT NULL,
    PRIMARY KEY (task_id, device_id, name)
);
CREATE INDEX patch_install_result_client_idx ON patch_install_result (client_id, at);
ALTER TABLE patch_install_result ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_install_result FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_install_result_tenant ON patch_install_result USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
