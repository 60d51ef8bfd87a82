"""``pos-member --self-test``'s update step: the bundle itself can verify signed updates.

PyInstaller finds imports by reading the code; python-tuf's ngclient, securesystemslib's signers
and cryptography's ed25519 are reached only when a check runs, hours after start. This runs the
same client the checker uses (``Updater`` with ``bootstrap=``) over a tiny repository made in
memory with a throwaway key: one refresh must verify root, timestamp, snapshot and targets and
find a target, and a target changed after signing must be refused. No network, no files kept.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path


def check() -> str:
    """One line for the self-test's report; raises when the bundle cannot verify an update."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from securesystemslib.signer import CryptoSigner, SSlibKey
    from tuf.api import exceptions
    from tuf.api.metadata import (
        Metadata,
        MetaFile,
        Root,
        Snapshot,
        TargetFile,
        Targets,
        Timestamp,
    )
    from tuf.api.serialization.json import JSONSerializer
    from tuf.ngclient import FetcherInterface, Updater

    from pos_member.update import trusted_root

    private = Ed25519PrivateKey.generate()
    signer = CryptoSigner(private, SSlibKey.from_crypto(private.public_key()))
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    payload = b"pos-member self-test"
    files: dict[str, bytes] = {}

    def publish(payload_as_signed: bytes) -> None:
        root = Metadata(Root(expires=expires, consistent_snapshot=False))
        for role in (Root.type, Timestamp.type, Snapshot.type, Targets.type):
            root.signed.add_key(signer.public_key, role)
        targets = Metadata(Targets(expires=expires))
        targets.signed.targets["selftest.txt"] = TargetFile.from_data("selftest.txt", payload_as_signed)
        snapshot = Metadata(Snapshot(expires=expires))
        serializer = JSONSerializer(compact=True)
        targets.sign(signer)
        files["targets.json"] = targets.to_bytes(serializer)
        snapshot.signed.meta["targets.json"] = MetaFile(version=1)
        snapshot.sign(signer)
        files["snapshot.json"] = snapshot.to_bytes(serializer)
        timestamp = Metadata(Timestamp(expires=expires))
        timestamp.signed.snapshot_meta = MetaFile(version=1)
        timestamp.sign(signer)
        files["timestamp.json"] = timestamp.to_bytes(serializer)
        root.sign(signer)
        files["1.root.json"] = root.to_bytes(serializer)
        files["selftest.txt"] = payload

    class InMemory(FetcherInterface):
        def _fetch(self, url: str) -> Iterator[bytes]:
            name = url.rsplit("/", 1)[-1]
            if name not in files:
                raise exceptions.DownloadHTTPError(f"{name} not found", 404)
            return iter([files[name]])

    def download() -> bytes:
        with tempfile.TemporaryDirectory(prefix="pos-member-selftest-tuf-") as tmp:
            metadata, targets = Path(tmp) / "metadata", Path(tmp) / "targets"
            metadata.mkdir()
            targets.mkdir()
            updater = Updater(str(metadata), "mem://selftest/metadata/", str(targets), "mem://selftest/targets/",
                              InMemory(), bootstrap=files["1.root.json"])
            updater.refresh()
            info = updater.get_targetinfo("selftest.txt")
            if info is None:
                raise RuntimeError("update self-check: the signed target was not found")
            return Path(updater.download_target(info)).read_bytes()

    publish(payload)
    if download() != payload:
        raise RuntimeError("update self-check: the verified target differs")
    publish(payload + b" (signed)")  # the file served is not the one signed
    try:
        download()
    except exceptions.LengthOrHashMismatchError:
        pass
    else:
        raise RuntimeError("update self-check: a file that does not match its signature was accepted")
    shipped = "shipped" if trusted_root() else "missing (this build does not update itself)"
    return f"update signatures verify (TUF, ed25519), a changed file is refused; trusted root {shipped}"
