"""`slr users add|list|remove`: the accounts of the browser screening app (``slr serve``).

The password of ``add`` is read from standard input (its first line) when that is not a
terminal, else prompted for twice. Only a salted scrypt hash is stored
(:mod:`pipeline.web.users`).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from pipeline.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "users",
        help="add, list or remove the accounts of slr serve",
        description="Accounts of the browser screening app. A user's name is the screener "
        "name of their decisions; a resolver also settles conflicts.",
    )
    verbs = parser.add_subparsers(dest="users_verb", metavar="USERS_VERB")
    verbs.required = True
    for name, helptext in (
        ("add", "add a user (or set a new password/role); password from stdin or prompted"),
        ("list", "list users and their roles"),
        ("remove", "remove a user (their decisions stay in the store)"),
    ):
        p = verbs.add_parser(name, help=helptext, description=helptext)
        if name != "list":
            p.add_argument("name", metavar="NAME")
        if name == "add":
            p.add_argument(
                "--role",
                choices=("screener", "resolver"),
                default="screener",
                help="screener (default) or resolver (also settles conflicts)",
            )
        p.add_argument(
            "--users",
            default=None,
            metavar="FILE",
            help="accounts file (default: .slr/users.json)",
        )
        p.set_defaults(func=run)


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def run(args: argparse.Namespace) -> int:
    from pipeline.screen.decisions import CONSENSUS
    from pipeline.web.users import DEFAULT_PATH, add_user, read_users, remove_user

    path = args.users or DEFAULT_PATH
    if args.users_verb == "list":
        users = read_users(path)
        if not users:
            print(f"no users in {path}")
        for name in sorted(users):
            print(f"{name}\t{users[name]['role']}")
        return 0
    if args.users_verb == "remove":
        remove_user(path, args.name)
        print(f"removed {args.name} from {path}")
        return 0
    new = add_user(path, args.name, _password(), role=args.role, reserved=(CONSENSUS,))
    print(f"{'added' if new else 'updated'} {args.role} {args.name.strip()} in {path}")
    return 0
