from pos_member.app import main

raise SystemExit(main())
