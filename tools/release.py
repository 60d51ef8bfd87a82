"""``./dev release``: the update repository (The Update Framework) that counters update from.

    ./dev release init     --repo DIR --keys DIR            keys, root v1, empty targets; copies the
                                                            trusted root to pos_member/update/root.json
    ./dev release publish  --repo DIR --keys DIR --channel stable --share 10 [--version V] INSTALLER...
    ./dev release share    --repo DIR --keys DIR --channel stable --share 100    widen a staged rollout
    ./dev release timestamp --repo DIR --keys DIR           re-sign the timestamp (daily, online key)
    ./dev release rotate   --repo DIR --keys DIR --role targets|snapshot|timestamp|root
    ./dev release status   --repo DIR                       versions, expiries, channels

Serve DIR as static files at the store profile's ``update_url`` (``metadata/`` and ``targets/``
under it). Installers are the per-store ones ``./dev build`` makes (``pos-member-<profile>-<V>.exe``,
matched to ``resources/stores/<profile>.toml`` for the merchant, store and mode); ``--payload FILE``
adds one file for every store. Keys are PEM files in ``--keys`` (root and targets belong offline:
README "Signed updates"); ``POS_MEMBER_RELEASE_PASSPHRASE`` encrypts them when set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, SSlibKey
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pos_member.update.rings import store_key  # noqa: E402

TRUSTED_ROOT = ROOT / "pos_member" / "update" / "root.json"
STORES = ROOT / "resources" / "stores"
ROLES = (Root.type, Targets.type, Snapshot.type, Timestamp.type)
#: Expiry per role, fitted to a monthly release: targets (offline key, signed at each release)
#: outlive one missed month; snapshot is re-signed with it; the timestamp is re-signed daily by
#: a job holding only the timestamp key, so a frozen mirror is noticed within a week; root
#: (offline, rarely touched) lasts a year and is renewed with a rotation.
EXPIRY = {Root.type: dt.timedelta(days=365), Targets.type: dt.timedelta(days=62),
          Snapshot.type: dt.timedelta(days=62), Timestamp.type: dt.timedelta(days=7)}
PASSPHRASE_ENV = "POS_MEMBER_RELEASE_PASSPHRASE"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# ---------------------------------------------------------------------------------------- keys

def _passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def new_key(keys: Path, role: str) -> CryptoSigner:
    private = Ed25519PrivateKey.generate()
    secret = _passphrase()
    encryption = serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    keys.mkdir(parents=True, exist_ok=True)
    path = keys / f"{role}.pem"
    if path.exists():  # a rotation keeps the old one beside it until root no longer names it
        path.replace(keys / f"{role}.{_now():%Y%m%d%H%M%S}.old.pem")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return CryptoSigner(private)


def load_key(keys: Path, role: str, name: str | None = None) -> CryptoSigner:
    path = keys / (name or f"{role}.pem")
    private = serialization.load_pem_private_key(path.read_bytes(), _passphrase())
    if not isinstance(private, Ed25519PrivateKey):
        raise SystemExit(f"{path}: not an ed25519 key")
    return CryptoSigner(private, SSlibKey.from_crypto(private.public_key()))


# ---------------------------------------------------------------------------------- repository

class Repo:
    """The repository's files on disk: ``metadata/`` (consistent snapshots: versioned file names)
    and ``targets/`` (hash-prefixed file names), so a half-uploaded release is never read."""

    def __init__(self, path: Path, keys: Path | None = None) -> None:
        self.path, self.keys = path, keys
        self.metadata, self.targets_dir = path / "metadata", path / "targets"

    # reading
    def root(self) -> Metadata[Root]:
        return Metadata[Root].from_file(str(self.metadata / "root.json"))

    def timestamp(self) -> Metadata[Timestamp]:
        return Metadata[Timestamp].from_file(str(self.metadata / "timestamp.json"))

    def snapshot(self) -> Metadata[Snapshot]:
        version = self.timestamp().signed.snapshot_meta.version
        return Metadata[Snapshot].from_file(str(self.metadata / f"{version}.snapshot.json"))

    def targets(self) -> Metadata[Targets]:
        version = self.snapshot().signed.meta["targets.json"].version
        return Metadata[Targets].from_file(str(self.metadata / f"{version}.targets.json"))

    # writing
    def _signer(self, role: str) -> CryptoSigner:
        assert self.keys is not None, "--keys is needed to sign"
        return load_key(self.keys, role)

    def _write(self, md: Metadata, name: str) -> None:
        self.metadata.mkdir(parents=True, exist_ok=True)
        data = md.to_bytes(JSONSerializer(compact=False))
        tmp = self.metadata / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self.metadata / name)

    def sign_root(self, root: Root, signers: list[CryptoSigner]) -> Metadata[Root]:
        md = Metadata(root)
        for signer in signers:
            md.sign(signer, append=True)
        self._write(md, f"{root.version}.root.json")
        self._write(md, "root.json")
        return md

    def sign_targets(self, targets: Targets, *, expires: dt.datetime | None = None) -> None:
        targets.expires = expires or _now() + EXPIRY[Targets.type]
        md = Metadata(targets)
        md.sign(self._signer(Targets.type))
        self._write(md, f"{targets.version}.targets.json")
        if (self.metadata / "timestamp.json").exists():
            snapshot = self.snapshot().signed
            snapshot.version += 1
        else:
            snapshot = Snapshot()
        snapshot.meta["targets.json"] = MetaFile(version=targets.version)
        snapshot.expires = _now() + EXPIRY[Snapshot.type]
        md_snapshot = Metadata(snapshot)
        md_snapshot.sign(self._signer(Snapshot.type))
        self._write(md_snapshot, f"{snapshot.version}.snapshot.json")
        self.sign_timestamp(snapshot_version=snapshot.version)

    def sign_timestamp(self, *, snapshot_version: int | None = None, expires: dt.datetime | None = None) -> None:
        if (self.metadata / "timestamp.json").exists():
            timestamp = self.timestamp().signed
            timestamp.version += 1
        else:
            timestamp = Timestamp()
        if snapshot_version is not None:
            timestamp.snapshot_meta = MetaFile(version=snapshot_version)
        timestamp.expires = expires or _now() + EXPIRY[Timestamp.type]
        md = Metadata(timestamp)
        md.sign(self._signer(Timestamp.type))
        self._write(md, "timestamp.json")

    def add_target(self, targets: Targets, local: Path, target_path: str) -> TargetFile:
        info = TargetFile.from_file(target_path, str(local), ["sha256"])
        directory, _, name = target_path.rpartition("/")
        dest = self.targets_dir / directory / f"{info.hashes['sha256']}.{name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local, dest)
        targets.targets[target_path] = info
        return info

    def add_bytes(self, targets: Targets, data: bytes, target_path: str) -> TargetFile:
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / "file"
            local.write_bytes(data)
            return self.add_target(targets, local, target_path)


def init(repo: Repo, *, trusted_root: Path | None = TRUSTED_ROOT) -> None:
    assert repo.keys is not None
    if (repo.metadata / "root.json").exists():
        raise SystemExit(f"{repo.metadata} already has a root: use rotate")
    if trusted_root is not None and trusted_root.exists():
        # Every build made from this tree trusts the keys in it: a second init (a trial run, a
        # developer's experiment) would silently hand the fleet to throwaway keys.
        raise SystemExit(f"{trusted_root} already holds a trusted root, which every build from here ships: "
                         "change keys with 'rotate'; for a trial repository pass --trusted-root elsewhere")
    root = Root(expires=_now() + EXPIRY[Root.type], consistent_snapshot=True)
    signers = {role: new_key(repo.keys, role) for role in ROLES}
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
    repo.sign_root(root, [signers[Root.type]])
    repo.sign_targets(Targets())
    if trusted_root is not None:
        trusted_root.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo.metadata / "1.root.json", trusted_root)


def profile_keys(stores: Path) -> dict[str, str]:
    """Store profile file name -> the counter's store key (merchant, store, mode)."""
    found = {}
    for path in sorted(stores.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found[path.stem] = store_key(data.get("merchant"), data.get("store"), data.get("mode", "cashier"))
    return found


INSTALLER_NAME = re.compile(r"^pos-member-(?P<profile>.+)-(?P<version>\d[^-]*)\.exe$")


def publish(repo: Repo, *, channel: str, version: str, share: int, installers: list[Path],
            payload: Path | None = None, stores: Path = STORES, notes: str = "",
            expires: dt.datetime | None = None) -> dict:
    """Add a release's installers as targets and make it the channel's release."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", channel):
        raise SystemExit(f"channel {channel!r}: lower-case letters, digits, - and _")
    if not 0 <= share <= 100:
        raise SystemExit("--share is a percentage, 0-100")
    keys = profile_keys(stores)
    targets = repo.targets().signed
    mapping: dict[str, str] = {}
    for installer in installers:
        match = INSTALLER_NAME.match(installer.name)
        if match is None or match["profile"] not in keys:
            raise SystemExit(f"{installer.name}: not pos-member-<profile>-<version>.exe of a profile in {stores}")
        if match["version"] != version:
            raise SystemExit(f"{installer.name}: not version {version}")
        target_path = f"releases/{version}/{installer.name}"
        repo.add_target(targets, installer, target_path)
        mapping[keys[match["profile"]]] = target_path
    if payload is not None:
        target_path = f"releases/{version}/{payload.name}"
        repo.add_target(targets, payload, target_path)
        mapping["*"] = target_path
    if not mapping:  # republishing an older version (a rollback): its installers are still targets
        prefix = f"releases/{version}/"
        known = {p for p in targets.targets if p.startswith(prefix)}
        for stem, key in keys.items():
            for candidate in known:
                if candidate.endswith(f"/pos-member-{stem}-{version}.exe"):
                    mapping[key] = candidate
        if not mapping:
            raise SystemExit(f"version {version} has no installers in the repository: give them")
    release = {"version": version, "share": share, "installers": mapping, "notes": notes,
               "published": _now().isoformat()}
    repo.add_bytes(targets, json.dumps(release, indent=1, sort_keys=True).encode(), f"channels/{channel}.json")
    targets.version += 1
    repo.sign_targets(targets, expires=expires)
    return release


def set_share(repo: Repo, *, channel: str, share: int) -> dict:
    targets = repo.targets().signed
    info = targets.targets.get(f"channels/{channel}.json")
    if info is None:
        raise SystemExit(f"nothing published on {channel}")
    current = json.loads((repo.targets_dir / "channels" / f"{info.hashes['sha256']}.{channel}.json").read_bytes())
    return publish(repo, channel=channel, version=current["version"], share=share, installers=[],
                   notes=current.get("notes", ""))


def rotate(repo: Repo, role: str) -> None:
    """A new key for ``role``; root version + 1, signed by the old and the new root keys."""
    assert repo.keys is not None
    root = repo.root().signed
    old_root = load_key(repo.keys, Root.type)
    for keyid in list(root.roles[role].keyids):
        root.revoke_key(keyid, role)
    signer = new_key(repo.keys, role)
    root.add_key(signer.public_key, role)
    root.version += 1
    root.expires = _now() + EXPIRY[Root.type]
    signers = [old_root, signer] if role == Root.type else [old_root]
    repo.sign_root(root, signers)
    # Clients check the newest metadata against the new root: re-sign what the rotated key signs.
    if role == Targets.type:
        targets = repo.targets().signed
        targets.version += 1
        repo.sign_targets(targets)
    elif role == Snapshot.type:
        repo.sign_targets(repo.targets().signed)  # new snapshot and timestamp
    elif role == Timestamp.type:
        repo.sign_timestamp()


def status(repo: Repo) -> dict:
    root, ts, snap, targets = repo.root().signed, repo.timestamp().signed, repo.snapshot().signed, repo.targets().signed
    channels = {}
    for path, info in targets.targets.items():
        if path.startswith("channels/"):
            name = path.removeprefix("channels/")
            channels[name.removesuffix(".json")] = json.loads(
                (repo.targets_dir / "channels" / f"{info.hashes['sha256']}.{name}").read_bytes())
    return {role: {"version": md.version, "expires": md.expires.isoformat()}
            for role, md in (("root", root), ("targets", targets), ("snapshot", snap), ("timestamp", ts))} | {
        "channels": channels}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev release", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("init", "publish", "share", "timestamp", "rotate", "status"):
        p = sub.add_parser(name)
        p.add_argument("--repo", type=Path, required=True)
        if name != "status":
            p.add_argument("--keys", type=Path, required=True)
        if name in ("publish", "share"):
            p.add_argument("--channel", default="stable")
            p.add_argument("--share", type=int, default=100, help="percent of the channel's stores (staged)")
        if name == "publish":
            version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
            p.add_argument("--version", default=version)
            p.add_argument("--payload", type=Path, help="one file for every store")
            p.add_argument("--stores", type=Path, default=STORES)
            p.add_argument("--notes", default="")
            p.add_argument("installers", type=Path, nargs="*")
        if name == "rotate":
            p.add_argument("--role", choices=ROLES, required=True)
        if name == "init":
            p.add_argument("--trusted-root", type=Path, default=TRUSTED_ROOT)
    args = parser.parse_args(argv)
    repo = Repo(args.repo, getattr(args, "keys", None))
    if args.command == "init":
        init(repo, trusted_root=args.trusted_root)
        print(f"repository in {args.repo}; keys in {args.keys}; trusted root copied to {args.trusted_root}")
    elif args.command == "publish":
        print(json.dumps(publish(repo, channel=args.channel, version=args.version, share=args.share,
                                 installers=args.installers, payload=args.payload, stores=args.stores,
                                 notes=args.notes), indent=1))
    elif args.command == "share":
        print(json.dumps(set_share(repo, channel=args.channel, share=args.share), indent=1))
    elif args.command == "timestamp":
        repo.sign_timestamp()
        print(f"timestamp v{repo.timestamp().signed.version}, expires {repo.timestamp().signed.expires:%Y-%m-%d %H:%M}")
    elif args.command == "rotate":
        rotate(repo, args.role)
        print(f"root v{repo.root().signed.version}: new {args.role} key in {args.keys}")
    else:
        print(json.dumps(status(repo), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
