# Shortcuts; the README's two commands are scripts/run.sh and scripts/test.sh.
.PHONY: run test messages lock

run:
	scripts/run.sh

test:
	scripts/test.sh

# Refresh the Thai catalogue after changing translatable text (then fill in msgstr and rerun).
messages:
	cd sustain && ../.venv/bin/python ../manage.py makemessages -l th --no-obsolete
	cd sustain && ../.venv/bin/python ../manage.py compilemessages -l th

# Re-pin every dependency after editing pyproject.toml.
lock:
	scripts/lock.sh
