#!/usr/bin/env python3
"""Generate the Scalpel example web corpus.

Writes ``corpus.jsonl`` (300 records: id, text, refined) and
``expert-responses.jsonl`` (30 records: id, text, response) next to this file.

Everything here - the paragraphs, sentence templates, noise lines and the
assembly logic - was written for this project and is dedicated to the public
domain under CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/).
All names of people, towns, shops, brands and websites are invented.

The generator uses only the Python 3 standard library and fixed seeds, so
``python3 generate.py`` rewrites both files byte-identically on every run.

Model of a document
-------------------
A document is a list of lines; every line is a list of pieces
``(text, keep)``.  ``text`` (the noisy original) is the concatenation of all
pieces; ``refined`` (what a careful expert returns) keeps only the pieces
marked ``keep``, drops lines that lose all their content, and then tidies
blank lines the way an LLM does (no leading/trailing blank lines, no runs of
blank lines).  So for the deletion-only categories ``refined`` is, after
newline normalisation, always a subsequence of ``text``.  The refined text
always uses "\\n" line breaks (an LLM answers with "\\n"), except for the
``keep_all`` records, where ``refined`` is byte-identical to ``text``.
"""

import json
import os
import random
import re
import sys

SEED = "scalpel-web-corpus-v1"
N_RECORDS = 300
N_RESPONSES = 30

# Record mix (must sum to N_RECORDS).
CATEGORY_COUNTS = [
    ("deletion", 240),     # noise removed, deletions only
    ("small_edit", 24),    # deletions + 1-2 small expert edits (< 20 chars each)
    ("big_rewrite", 12),   # deletions + an inserted sentence of >= 20 chars
    ("keep_all", 18),      # clean document, refined == text
    ("tiny_delete", 6),    # expert deleted fewer than 10 characters
]

HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------
# Shared name pools (all invented)
# --------------------------------------------------------------------------

FIRST_NAMES = [
    "Maria", "James", "Aiko", "Lukas", "Priya", "Tomás", "Chloé", "Oluwaseun",
    "Sven", "Mei", "Rafael", "Hannah", "Dmitri", "Fatima", "Noah", "Ingrid",
    "Kwame", "Elena", "Mateo", "Zoë", "Grace", "Ahmed", "Siobhán", "Kenji",
    "Beatriz", "Olga", "Marcus", "Leïla", "Henrik", "Ana",
]
LAST_NAMES = [
    "Okafor", "Lindqvist", "García", "Novak", "Tanaka", "Müller", "Fitzgerald",
    "Kowalski", "Haddad", "Brennan", "Costa", "Nakamura", "Petrov", "Singh",
    "Dubois", "O'Malley", "Andersen", "Rossi", "Chen", "Moreau", "Whitfield",
    "Ibáñez", "Halvorsen", "Mbeki", "Sato", "Delacroix", "Kaplan", "Nowak",
]
USERNAMES = [
    "breadhead42", "tomatoqueen", "rusty_spanner", "nightowl_dev",
    "kettlebell_kate", "pixel.pusher", "old_man_river", "fernwood", "cyclist_jo",
    "hopsandgrain", "aquarist88", "gearjammer", "quietmoth", "sunnyside_up",
    "trailmix", "byte_me", "compost_carl", "lumen_lady", "kiwi_in_oslo",
    "drip.coffee", "mossy_stone", "Ragnar_the_Baker", "ellie.b", "tinkerer77",
    "night_heron", "grumpy_gardener", "sparkplug", "mapleleaf_mo", "zenbrewer",
    "lost_in_lisbon",
]
TOWNS = [
    "Harrowgate", "Millbrook", "Port Ellis", "Cedar Falls", "Westmarch",
    "Lakeview", "Brindle Cove", "Ashford Vale", "Riverton", "Kingsbury",
    "Stonehaven", "Fairmont", "Oakridge", "Marlow Bay", "Greywater",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTHS_SHORT = [m[:3] for m in MONTHS]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]


def person(rng):
    return rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)


def a_date(rng):
    y = rng.randint(2012, 2024)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return y, m, d


# --------------------------------------------------------------------------
# Noise pools (English).  Site-specific bits are filled in per document.
# --------------------------------------------------------------------------

NAV_LINES = [
    "Home | About | Contact | Login",
    "Home | Blog | Shop | Contact Us | Sign In",
    "Home  ·  Recipes  ·  Garden  ·  Travel  ·  About",
    "HOME | NEWS | SPORTS | WEATHER | OPINION | LOGIN",
    "Menu ☰   Search 🔍   Sign in",
    "Skip to main content",
    "Skip to content",
    "Toggle navigation",
    "Shop All | New Arrivals | Sale | Gift Cards | Help",
    "Main menu: Home · Articles · Guides · Newsletter · Donate",
    "Search this site...",
    "☰ Menu",
    "My Account | Wishlist (0) | Cart (0)",
]

BREADCRUMB_FORMS = [
    "Home > {sec} > {sub}",
    "Home » {sec} » {sub}",
    "You are here: Home / {sec} / {sub}",
    "Home › {sec} › {sub}",
    "{site} > {sec}",
]

COOKIE_LINES = [
    "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies. Accept | Decline",
    "This site uses cookies. Learn more. [Got it!]",
    "🍪 We use cookies and similar technologies to personalise content and ads. Manage preferences | Accept all",
    "By using this website, you agree to our Cookie Policy and Privacy Policy. OK",
    "Cookie settings: Necessary ✔ Analytics ✔ Marketing ✘ — Save preferences",
    "We value your privacy. We and our partners store and access information on your device. ACCEPT ALL | REJECT ALL | MORE OPTIONS",
]

AD_LINES = [
    "Advertisement",
    "ADVERTISEMENT",
    "Sponsored: Try {product} free for 30 days — no credit card required",
    "Sponsored: The one kitchen gadget chefs can't live without",
    "Sponsored: Compare mortgage rates in {town} today",
    "Sponsored Content: 10 Gadgets You Didn't Know You Needed",
    "Ad · {domain} · Shop the summer sale, up to 60% off",
    "Sponsored: Doctors are stunned by this simple trick",
    "Promoted: Learn a language in 3 weeks with {product}",
    "Advertisement - Continue Reading Below",
    "AD: Get 20% off your first box — use code FRESH20",
    "Sponsored · Luxury villas in Tuscany from €89 a night",
]

HTML_LINES = [
    '<div class="ad">',
    '<div class="ad-slot" id="ad-{n}">',
    "</div>",
    "</div></div>",
    "&nbsp;",
    "<p>&nbsp;</p>",
    "<br/>",
    "<br><br>",
    '<script type="text/javascript">',
    "<!-- end header -->",
    "<!-- sidebar -->",
    '<span class="share-count">',
    '<div class="related-posts">',
    '<ins class="adsbygoogle" data-ad-slot="{n}"></ins>',
    '<img src="/wp-content/uploads/spacer.gif" alt="">',
    "</td></tr></table>",
]

SHARE_LINES = [
    "Share on Facebook Twitter",
    "Share on Facebook Twitter Pinterest Email",
    "Share this: Facebook | X | LinkedIn | WhatsApp | Email",
    "Tweet   Pin it   Share",
    "👍 Like {n} · 💬 Comment · ↗ Share",
    "Share this article",
    "Share: f  t  in  ✉",
    "Print this page 🖨  |  Email a friend",
    "Save for later ♡",
    "Like this? Share it with your friends!",
]

READ_MORE_LINES = [
    "Read more »",
    "Continue reading →",
    "[Read more...]",
    "Load more comments",
    "Show more ▼",
    "See all {n} reviews",
    "« Previous post | Next post »",
    "← Older posts",
]

COMMENT_LINES = [
    "{n} Comments",
    "💬 {n} comments",
    "Comments ({n})",
    "Leave a comment",
    "{n} responses to “{title}”",
    "Join the discussion — {n} replies",
    "Be the first to comment!",
    "{n} people found this helpful",
]

TIMESTAMP_FORMS = [
    "Posted on {Month} {d}, {y} by admin",
    "Last updated: {y}-{mm}-{dd} {hh}:{mi}",
    "Published {hh}:{mi} GMT, {d} {Month} {y}",
    "{h} hours ago",
    "Updated {Mon} {d}, {y} at {h12}:{mi} {ampm}",
    "By {person} | {Month} {d}, {y} | {rm} min read",
    "{weekday}, {d} {Month} {y}",
    "Posted {d}/{m}/{y} at {hh}:{mi}",
    "{rm} min read · {Mon} {d}, {y}",
]

NEWSLETTER_LINES = [
    "Subscribe to our newsletter",
    "Don't miss out! Sign up for our newsletter and get 10% off your first order.",
    "Enter your email address: [          ] [Subscribe]",
    "Get the best stories delivered to your inbox every Friday.",
    "Follow us on Instagram @{handle}",
    "Follow us: Facebook · Instagram · YouTube · TikTok",
    "Download our app on the App Store and Google Play",
    "Click here to subscribe!",
]

FOOTER_LINES = [
    "© {y} {site}. All rights reserved.",
    "Copyright © {y} {site} | All Rights Reserved",
    "Privacy Policy | Terms of Use | Sitemap",
    "Privacy · Terms · Cookies · Accessibility · Contact",
    "Powered by WordPress | Theme by Flavor Themes",
    "Back to top ↑",
    "About us | Advertise with us | Careers | Help",
    "All prices include VAT. Free returns within 30 days.",
    "{site} is a participant in affiliate programs and may earn a commission on purchases.",
    "Terms & Conditions   Privacy   Imprint",
]

TAG_FORMS = [
    "Tags: {t1}, {t2}, {t3}",
    "Filed under: {t1} · {t2}",
    "Categories: {t1} | {t2}",
    "Posted in {t1}",
]

RELATED_HEADERS = ["Related posts:", "You may also like", "Related articles",
                   "More from {site}", "Popular this week", "Trending now:",
                   "Recommended for you"]

# Inline junk: (kind, text).  "mid" is inserted after a space, before a word;
# "trail" is appended at the end of a line; "lead" goes at the start.
MID_JUNK = ["[ad] ", "&nbsp;", "<b>", "</b>", '<span class="highlight">',
            "(Advertisement) ", "[sponsored] ", '<a href="/go/deal">', "</a>",
            "<br>", "<i>", "</span>", "[AD] ", "&#8203;", "<strong>"]
TRAIL_JUNK = [" Click here to subscribe!", " Read more »", " [Read more]",
              " Continue reading →", " (Sponsored)",
              " 👉 Sign up for our newsletter", "</p>", "<br/>", " | Share",
              "   ", "\t", "</div>", " [click to enlarge]", " ↗",
              " Advertisement"]
LEAD_JUNK = ["<p>", "&nbsp;", "&nbsp;&nbsp;", "<div>", "<span>", "<li>",
             '<p class="lead">']


# --------------------------------------------------------------------------
# Topic pools (English).  Each topic: section for breadcrumbs, titles,
# headings, sentences (combined into paragraphs), forum/FAQ questions, tags.
# --------------------------------------------------------------------------

TOPICS = [
    {
        "key": "bread", "sec": "Baking", "sub": "Bread",
        "titles": ["How to Keep a Sourdough Starter Alive",
                   "Why Your Sourdough Is Dense (and How to Fix It)",
                   "A Beginner's Guide to Baking Bread at Home",
                   "Understanding Hydration in Bread Dough",
                   "Baking Bread in a Dutch Oven: What I Learned After 100 Loaves"],
        "headings": ["Feeding schedule", "Shaping the loaf", "Baking", "Troubleshooting", "What you need"],
        "sentences": [
            "A healthy starter should roughly double in size within four to eight hours of feeding.",
            "If your kitchen is cold, put the jar near the oven light or on top of the fridge, where it is a little warmer.",
            "Hydration is simply the weight of the water divided by the weight of the flour, expressed as a percentage.",
            "A dough at 65% hydration is easy to shape, while anything above 75% will feel sticky and slack to most beginners.",
            "Whole-wheat flour absorbs more water than white flour, so you may need to add a splash more.",
            "A dense, gummy crumb is usually a sign of underproofing rather than a problem with the starter itself.",
            "The poke test is a useful guide: press a floured finger into the dough and watch how quickly the dent springs back.",
            "Baking in a preheated Dutch oven traps steam, which keeps the crust soft long enough for the loaf to expand.",
            "Take the lid off after twenty minutes so the crust can brown and crisp.",
            "Resist the urge to slice the loaf while it is hot; the crumb is still setting as it cools.",
            "Salt tightens the gluten network and slows fermentation, so never leave it out by accident.",
            "A long, cold proof in the fridge overnight develops flavour and makes scoring much easier.",
            "Use a razor blade or a very sharp knife to score the top at a shallow angle.",
            "If the bottom burns before the top is done, slide a baking sheet onto the rack below.",
            "Rye flour ferments quickly and gives a tangy, earthy flavour even in small amounts.",
            "Keep a small notebook of times, temperatures and results; patterns appear after a few bakes.",
            "Stretch-and-folds every thirty minutes during the first two hours build strength without any kneading.",
            "An internal temperature of about 96 °C (205 °F) means the loaf is fully baked.",
        ],
        "questions": ["My starter smells like nail polish remover. Is it dead?",
                      "Why does my loaf spread flat instead of rising up?",
                      "Can I use all-purpose flour instead of bread flour?",
                      "How long can a starter sit in the fridge without feeding?"],
        "tags": ["sourdough", "bread", "baking", "fermentation"],
    },
    {
        "key": "tomatoes", "sec": "Garden", "sub": "Vegetables",
        "titles": ["Growing Tomatoes in Containers", "Why Are My Tomato Leaves Turning Yellow?",
                   "Staking vs. Caging Tomatoes: Which Works Better?",
                   "Ten Tomato Varieties Worth Growing", "When to Pick Tomatoes for the Best Flavour"],
        "headings": ["Choosing a variety", "Watering", "Feeding", "Common problems", "Harvest"],
        "sentences": [
            "Tomatoes need at least six hours of direct sun a day to set a good crop.",
            "Choose a container of at least 20 litres; smaller pots dry out too quickly in midsummer.",
            "Water deeply and regularly, because uneven watering is the main cause of blossom-end rot.",
            "Yellowing lower leaves are often just the plant shedding old growth, but widespread yellowing points to a nitrogen shortage.",
            "Pinch out the side shoots of cordon varieties so the plant puts its energy into fruit.",
            "Bush tomatoes do not need pinching and are better suited to hanging baskets.",
            "A high-potash liquid feed once a week from the first flower truss onwards makes a noticeable difference.",
            "Mulching with straw keeps the soil evenly moist and stops soil splashing onto the leaves.",
            "Early blight shows up as brown spots with concentric rings, usually on the oldest leaves first.",
            "Remove affected leaves promptly and avoid wetting the foliage when you water.",
            "Cherry tomatoes such as 'Sungold' ripen weeks earlier than large beefsteak types.",
            "Fruit left to ripen fully on the vine has more sugar and a stronger aroma.",
            "If frost threatens, pick the green fruit and ripen it indoors next to a banana.",
            "Cracked skins are caused by a sudden heavy watering after a dry spell.",
            "Heritage varieties can be saved from seed, unlike most F1 hybrids.",
            "Tie the main stem loosely to its cane every 30 cm as it grows.",
        ],
        "questions": ["My tomato leaves are turning yellow from the bottom up. Is this overwatering?",
                      "Should I remove the suckers on cherry tomatoes?",
                      "Why are my tomatoes splitting just before they ripen?"],
        "tags": ["tomatoes", "vegetable garden", "containers", "summer"],
    },
    {
        "key": "compost", "sec": "Garden", "sub": "Soil",
        "titles": ["Composting for Beginners", "Hot Composting in Six Weeks",
                   "What Can (and Can't) Go in the Compost Bin", "Fixing a Smelly Compost Heap"],
        "headings": ["Greens and browns", "Turning", "Moisture", "What to avoid", "Using finished compost"],
        "sentences": [
            "A good compost heap balances nitrogen-rich greens with carbon-rich browns.",
            "Kitchen scraps, grass clippings and coffee grounds count as greens.",
            "Shredded cardboard, dry leaves and straw are browns and give the heap structure.",
            "Aim for roughly two or three parts browns to one part greens by volume.",
            "The heap should feel like a wrung-out sponge; too wet and it turns slimy, too dry and it stops working.",
            "Turning the pile every week or two lets air in and speeds things up considerably.",
            "A hot heap can reach 60 °C in the centre, which kills most weed seeds.",
            "Leave out meat, dairy and cooked food if you want to avoid attracting rats.",
            "A sour, rotten smell nearly always means too many greens and too little air.",
            "Finished compost is dark, crumbly and smells like a forest floor.",
            "Spread it as a 5 cm mulch around shrubs or dig it lightly into vegetable beds in spring.",
            "Worm bins are a neat option for flats and small gardens.",
            "Eggshells break down slowly, so crush them first.",
            "Autumn leaves on their own make leaf mould, a superb soil conditioner after a year or two.",
        ],
        "questions": ["My compost smells awful. What am I doing wrong?",
                      "Can I put citrus peel in a worm bin?",
                      "How do I know when the compost is ready?"],
        "tags": ["compost", "soil", "organic gardening", "recycling"],
    },
    {
        "key": "houseplants", "sec": "Garden", "sub": "Houseplants",
        "titles": ["Houseplants That Survive Low Light", "How Often Should You Water a Monstera?",
                   "Repotting Houseplants Without the Stress", "Dealing With Fungus Gnats"],
        "headings": ["Light", "Watering", "Soil", "Pests", "Repotting"],
        "sentences": [
            "More houseplants are killed by overwatering than by neglect.",
            "Push a finger into the compost; if the top few centimetres are dry, it is time to water.",
            "Snake plants and ZZ plants tolerate dim corners better than almost anything else.",
            "A north-facing window gives soft, even light that suits ferns and calatheas.",
            "Yellow leaves with soggy soil usually mean the roots are sitting in water.",
            "Always use a pot with drainage holes, or keep the plant in a plastic pot inside a decorative one.",
            "Fungus gnats breed in damp compost, so let the surface dry out between waterings.",
            "Yellow sticky traps catch the adults while a layer of grit stops them laying eggs.",
            "Repot in spring, when the plant is starting to grow and can recover quickly.",
            "Go up only one pot size at a time; too much wet compost around small roots invites rot.",
            "Wipe large leaves with a damp cloth now and then so they can photosynthesise properly.",
            "Brown, crispy leaf edges are often a sign of dry air from radiators.",
            "Most tropical plants need far less water in winter, when growth slows down.",
            "Pothos cuttings root easily in a glass of water on the windowsill.",
        ],
        "questions": ["Why is my monstera dripping water from its leaves?",
                      "Tiny flies everywhere around my plants - help?",
                      "Is it OK to water houseplants with tap water?"],
        "tags": ["houseplants", "indoor garden", "monstera", "pests"],
    },
    {
        "key": "wifi", "sec": "Tech", "sub": "Networking",
        "titles": ["How to Fix Slow Wi-Fi at Home", "Choosing the Right Spot for Your Router",
                   "Mesh Wi-Fi vs. Range Extenders", "Securing Your Home Network in 15 Minutes"],
        "headings": ["Router placement", "Channels", "Security", "When to upgrade"],
        "sentences": [
            "Place the router in a central, open spot rather than in a cupboard or behind the TV.",
            "Thick walls, mirrors and fish tanks all absorb or reflect the signal.",
            "The 5 GHz band is faster but has a shorter range than 2.4 GHz.",
            "In a crowded apartment block, switching to a less busy channel can double your throughput.",
            "A free Wi-Fi analyser app will show you which channels your neighbours are using.",
            "Mesh systems use several units that work together as one network, which suits larger or multi-storey homes.",
            "Range extenders are cheaper but usually halve the available bandwidth.",
            "Change the default admin password on the router before doing anything else.",
            "Use WPA3 if all your devices support it, or WPA2 with a long passphrase if they don't.",
            "Turn off WPS, which has a long history of security weaknesses.",
            "Firmware updates fix bugs and security holes, so check for them every few months.",
            "If only one device is slow, the problem is probably that device and not the network.",
            "Restarting the router once in a while clears memory leaks on older models.",
            "A wired Ethernet connection is still the most reliable option for a desktop PC or games console.",
        ],
        "questions": ["Wi-Fi drops every evening around 8pm, any idea why?",
                      "Is a mesh system worth it for a two-bedroom flat?",
                      "Should I hide my SSID for security?"],
        "tags": ["wifi", "router", "home network", "security"],
    },
    {
        "key": "git", "sec": "Tech", "sub": "Programming",
        "titles": ["Undoing Things in Git Without Panic", "A Practical Git Branching Workflow",
                   "Writing Good Commit Messages", "Resolving Merge Conflicts Step by Step"],
        "headings": ["Undo the last commit", "Branches", "Merge conflicts", "Commit messages"],
        "sentences": [
            "Run `git status` before every commit; it tells you exactly what is about to happen.",
            "`git commit --amend` lets you fix the message or add a forgotten file to the last commit.",
            "`git reset --soft HEAD~1` undoes the last commit but keeps the changes staged.",
            "Never rewrite history that you have already pushed to a shared branch.",
            "`git revert` creates a new commit that undoes an old one, which is safe on public branches.",
            "Short-lived feature branches keep merges small and conflicts rare.",
            "A merge conflict simply means two branches changed the same lines differently.",
            "Open the conflicted file, pick the right version between the markers, then stage it and continue.",
            "The reflog records where HEAD has been, so a \"lost\" commit can almost always be recovered.",
            "Write the subject line in the imperative mood, like \"Fix login redirect\", and keep it under about 50 characters.",
            "Explain why a change was made in the body of the message; the diff already shows what changed.",
            "`git stash` puts unfinished work aside so you can switch branches quickly.",
            "Tag releases so you can find the exact code that shipped.",
            "A `.gitignore` file keeps build output and secrets out of the repository.",
        ],
        "questions": ["I committed to main by mistake, how do I move it to a branch?",
                      "git says 'detached HEAD' - did I break something?",
                      "How do I remove a file from the repo but keep it locally?"],
        "tags": ["git", "version control", "programming", "tutorial"],
    },
    {
        "key": "backup", "sec": "Tech", "sub": "Security",
        "titles": ["The 3-2-1 Backup Rule Explained", "How to Back Up Your Photos Properly",
                   "Why Cloud Sync Is Not a Backup", "Testing Your Backups Before You Need Them"],
        "headings": ["The 3-2-1 rule", "Choosing software", "Testing restores", "Ransomware"],
        "sentences": [
            "Keep three copies of your data, on two different kinds of storage, with one copy off-site.",
            "A sync service mirrors deletions too, so a mistake on one device spreads to all of them.",
            "External hard drives are cheap, but they fail like any other drive, usually without warning.",
            "Automate your backups; anything that relies on remembering will eventually be forgotten.",
            "Versioned backups let you go back to a file as it was last week, not just yesterday.",
            "A backup you have never restored from is only a hope.",
            "Try restoring a random folder every few months to make sure everything actually works.",
            "Ransomware can encrypt a permanently connected backup drive along with everything else.",
            "Disconnect the drive after each backup, or use a service with immutable snapshots.",
            "Encrypt off-site copies and keep the key somewhere other than the computer you are protecting.",
            "Photos and documents are irreplaceable; applications can always be reinstalled.",
            "Label drives with the date they were put into service so you know when to replace them.",
            "For a small office, a network storage box plus a cloud copy covers most risks.",
        ],
        "questions": ["Is OneDrive enough as a backup?",
                      "How often should I replace my backup drives?",
                      "What's the cheapest way to keep an off-site copy?"],
        "tags": ["backup", "data", "security", "photos"],
    },
    {
        "key": "linux", "sec": "Tech", "sub": "Linux",
        "titles": ["Ten Linux Commands Every Beginner Should Know", "Finding Large Files on Linux",
                   "Understanding File Permissions", "Scheduling Jobs With cron"],
        "headings": ["Navigating", "Permissions", "Disk space", "Scheduling"],
        "sentences": [
            "`ls -lh` lists files with human-readable sizes.",
            "`du -sh *` shows how much space each item in the current directory uses.",
            "`df -h` reports free space on every mounted file system.",
            "Use `find / -size +500M` to track down unusually large files.",
            "Each file has read, write and execute permissions for its owner, its group and everyone else.",
            "`chmod 644` is typical for documents and `chmod 755` for scripts and directories.",
            "Avoid running everyday commands with `sudo`; it is easy to damage the system by accident.",
            "`grep -r \"error\" /var/log` searches every log file for a word.",
            "The `man` command opens the manual page for almost anything installed.",
            "A cron line has five time fields followed by the command to run.",
            "`0 3 * * *` means three o'clock every morning.",
            "Send cron output to a log file, or errors will vanish silently.",
            "`tail -f` follows a log file as new lines are written.",
            "Tab completion saves typing and prevents typos in long paths.",
        ],
        "questions": ["My disk is full but I can't find what's using it",
                      "Permission denied when running my script?",
                      "Why does my cron job work by hand but not on schedule?"],
        "tags": ["linux", "command line", "sysadmin", "beginners"],
    },
    {
        "key": "running", "sec": "Health", "sub": "Fitness",
        "titles": ["From Couch to 5K in Nine Weeks", "How to Avoid Shin Splints",
                   "Easy Runs Should Feel Easy", "Choosing Your First Pair of Running Shoes",
                   "Training for Your First Half Marathon"],
        "headings": ["Getting started", "Pacing", "Recovery", "Shoes", "Race day"],
        "sentences": [
            "Start with walk-run intervals and add a little running time each week.",
            "Most of your runs should be at a pace where you can still hold a conversation.",
            "Increase your weekly distance by no more than about ten percent.",
            "Shin splints usually come from doing too much too soon, often on hard surfaces.",
            "Rest days are when your body actually adapts to the training.",
            "A proper shoe fitting at a running shop is worth more than any review.",
            "Replace your shoes every 600 to 800 kilometres, or when the cushioning feels flat.",
            "Strength work for the hips and calves reduces the risk of many common injuries.",
            "On race day, don't try anything new - not shoes, not breakfast, not gels.",
            "Start slower than you think you should; the second half will thank you.",
            "Drink to thirst on most runs and carry water only when it is hot or the run is long.",
            "A short walk and some gentle mobility work after a hard session help with stiffness.",
            "Sleep is the most underrated recovery tool there is.",
            "Keep a simple log of distance, time and how you felt.",
            "Hill repeats build strength and speed without much impact.",
        ],
        "questions": ["Knee hurts after 5 km, should I stop running?",
                      "How many days a week should a beginner run?",
                      "Is it bad to run on a treadmill all winter?"],
        "tags": ["running", "fitness", "5k", "training"],
    },
    {
        "key": "sleep", "sec": "Health", "sub": "Wellbeing",
        "titles": ["Seven Habits for Better Sleep", "Why You Wake Up at 3 a.m.",
                   "Does Screen Time Really Ruin Sleep?", "Naps: How Long Is Too Long?"],
        "headings": ["Routine", "Environment", "Caffeine and alcohol", "When to see a doctor"],
        "sentences": [
            "Going to bed and getting up at the same time every day, even at weekends, is the single most effective habit.",
            "Keep the bedroom cool, dark and quiet.",
            "Caffeine has a half-life of around five hours, so an afternoon coffee can still be in your system at bedtime.",
            "Alcohol helps you fall asleep but fragments sleep later in the night.",
            "Bright light in the morning helps to set your body clock.",
            "If you can't sleep after twenty minutes, get up and do something calm in dim light.",
            "A short nap of 20 minutes can restore alertness without leaving you groggy.",
            "Long naps late in the day make it harder to fall asleep at night.",
            "Heavy meals close to bedtime can cause reflux and restless sleep.",
            "Loud snoring with pauses in breathing should be checked by a doctor.",
            "Writing down tomorrow's tasks before bed can stop your mind from racing.",
            "Regular exercise improves sleep quality, but intense workouts right before bed may not.",
            "Most adults need between seven and nine hours a night.",
        ],
        "questions": ["I wake up at 3am every night and can't get back to sleep",
                      "Is melatonin safe to take every night?",
                      "Does reading on a Kindle count as screen time?"],
        "tags": ["sleep", "health", "habits", "wellbeing"],
    },
    {
        "key": "budget", "sec": "Money", "sub": "Budgeting",
        "titles": ["How to Build Your First Budget", "The 50/30/20 Rule, Explained",
                   "Building an Emergency Fund on a Tight Income", "Cutting Subscriptions You Forgot About"],
        "headings": ["Track your spending", "Needs and wants", "Emergency fund", "Automate it"],
        "sentences": [
            "Start by tracking every expense for one month without trying to change anything.",
            "The 50/30/20 rule splits take-home pay into needs, wants and savings.",
            "An emergency fund of three to six months of essential costs protects you from expensive debt.",
            "Set up an automatic transfer to savings on payday, before you have a chance to spend it.",
            "Go through your bank statement line by line and cancel subscriptions you no longer use.",
            "High-interest credit card debt should usually be paid off before you start investing.",
            "Round numbers are fine; a budget that is roughly right and actually used beats a perfect one you abandon.",
            "Plan for irregular costs like car repairs, birthdays and annual insurance.",
            "Keep the emergency fund in a separate account so it doesn't quietly get spent.",
            "Review the budget every few months, because life changes and so do prices.",
            "Small daily purchases add up; a €4 coffee every working day is close to €1,000 a year.",
            "Use cash envelopes for categories where you tend to overspend.",
            "Negotiate your broadband and phone contracts when the introductory deal ends.",
        ],
        "questions": ["How big should my emergency fund be if I'm freelance?",
                      "Is it better to pay off debt or save first?",
                      "What budgeting app do you all use?"],
        "tags": ["budgeting", "personal finance", "saving", "money"],
    },
    {
        "key": "investing", "sec": "Money", "sub": "Investing",
        "titles": ["Index Funds for Complete Beginners", "What Is Dollar-Cost Averaging?",
                   "Why Fees Matter More Than You Think", "Stocks, Bonds and Cash: A Plain-English Guide"],
        "headings": ["Diversification", "Costs", "Time in the market", "Risk"],
        "sentences": [
            "An index fund buys every company in a market index instead of trying to pick winners.",
            "Diversification means one bad company can't sink your whole portfolio.",
            "A fee of 1% a year sounds small but can consume a large share of your returns over 30 years.",
            "Investing a fixed amount every month is called dollar-cost averaging.",
            "Time in the market has historically mattered more than timing the market.",
            "Only invest money you won't need for at least five years.",
            "Bonds are generally less volatile than shares and can cushion a portfolio during crashes.",
            "Rebalancing once a year brings your mix of assets back to your target.",
            "Tax-advantaged accounts should usually be filled before ordinary ones.",
            "Past performance is not a reliable guide to future returns.",
            "If a product promises high returns with no risk, walk away.",
            "Market falls of 20% or more happen every few years; expect them.",
            "Write down your plan so you are less tempted to panic-sell during a downturn.",
        ],
        "questions": ["Is now a bad time to start investing?",
                      "Accumulating or distributing ETF, which one?",
                      "How many funds do I actually need?"],
        "tags": ["investing", "index funds", "ETFs", "personal finance"],
    },
    {
        "key": "bikes", "sec": "Outdoors", "sub": "Cycling",
        "titles": ["Basic Bike Maintenance You Can Do at Home", "How to Fix a Puncture on the Road",
                   "Adjusting Your Brakes", "Keeping Your Chain Clean and Quiet"],
        "headings": ["Tyres", "Chain", "Brakes", "Tools to carry"],
        "sentences": [
            "Check tyre pressure weekly; the recommended range is printed on the sidewall.",
            "A clean, lightly oiled chain shifts better and lasts much longer.",
            "Wipe the chain with a rag after wet rides and apply lube to the rollers, not the outside plates.",
            "Too much oil attracts grit, which turns into a grinding paste.",
            "Carry a spare tube, tyre levers and a mini pump on every ride.",
            "Run your fingers around the inside of the tyre to find the thorn before fitting a new tube.",
            "If the brake lever pulls almost to the bar, turn the barrel adjuster to take up cable slack.",
            "Squealing disc brakes are often contaminated; clean the rotors with isopropyl alcohol.",
            "Replace brake pads before the grooves disappear.",
            "A chain checker tool tells you when the chain has stretched and needs replacing.",
            "Replacing a worn chain early saves the more expensive cassette and chainrings.",
            "Check that the quick-release levers or thru-axles are tight before every ride.",
            "A squeaky saddle can often be cured with a drop of oil where the rails meet the shell.",
            "Tubeless tyres seal most small punctures on their own.",
        ],
        "questions": ["Gears keep skipping under load, chain or cassette?",
                      "What pressure should I run in 28mm road tyres?",
                      "Disc brakes squeal like crazy after washing the bike"],
        "tags": ["cycling", "bike maintenance", "DIY", "commuting"],
    },
    {
        "key": "coffee", "sec": "Food & Drink", "sub": "Coffee",
        "titles": ["Brewing Better Coffee at Home", "French Press, Pour-Over or Espresso?",
                   "Why Your Coffee Tastes Bitter", "A Simple Guide to Grind Size"],
        "headings": ["Beans", "Grind", "Water", "Ratio", "Equipment"],
        "sentences": [
            "Buy whole beans and grind them just before brewing.",
            "A ratio of about 60 grams of coffee per litre of water is a good starting point.",
            "Water just off the boil, around 93 °C, extracts flavour without scorching the grounds.",
            "Bitter coffee is usually over-extracted: grind coarser or shorten the brew time.",
            "Sour, thin coffee is under-extracted: grind finer or brew a little longer.",
            "A French press needs a coarse grind, roughly like sea salt.",
            "Pour-over rewards a steady, slow pour and a fine-to-medium grind.",
            "Store beans in an airtight container away from light, not in the fridge.",
            "Coffee tastes best between one and four weeks after the roast date.",
            "A burr grinder produces a far more even grind than a blade grinder.",
            "Filtered water makes a surprising difference if your tap water is hard.",
            "Rinse paper filters with hot water first to remove the papery taste.",
            "A cheap kitchen scale is the single best upgrade for consistent coffee.",
            "Espresso needs a very fine grind and a machine that holds its temperature steady.",
        ],
        "questions": ["Why is my pour-over so bitter?",
                      "Is a hand grinder good enough for espresso?",
                      "How long do beans stay fresh after opening?"],
        "tags": ["coffee", "brewing", "pour-over", "espresso"],
    },
    {
        "key": "photo", "sec": "Hobbies", "sub": "Photography",
        "titles": ["Understanding Exposure: Aperture, Shutter Speed and ISO",
                   "Better Phone Photos in Five Steps", "The Rule of Thirds and When to Break It",
                   "Shooting in Low Light Without a Flash"],
        "headings": ["Aperture", "Shutter speed", "ISO", "Composition", "Light"],
        "sentences": [
            "Aperture controls how much light passes through the lens and how much of the scene is in focus.",
            "A wide aperture such as f/1.8 blurs the background, which is ideal for portraits.",
            "Fast shutter speeds freeze motion; slow ones create blur from movement.",
            "As a rule of thumb, hand-held shutter speeds should be at least one over the focal length.",
            "Raising the ISO brightens the image but adds noise.",
            "The best light for most outdoor photos comes in the hour after sunrise and before sunset.",
            "Place the subject off-centre to create a more dynamic composition.",
            "Tap on your phone screen to set focus and exposure on the subject.",
            "Clean the phone lens with a soft cloth; fingerprints cause hazy, low-contrast photos.",
            "Shoot in RAW if you plan to edit, because it keeps far more detail in the highlights and shadows.",
            "Lean against a wall or a tree to steady yourself in low light.",
            "Look for leading lines such as roads, rivers and fences to guide the eye.",
            "Overcast days give soft, flattering light for portraits.",
            "Check the edges of the frame before you press the shutter.",
        ],
        "questions": ["Why are my night photos always blurry?",
                      "50mm f/1.8 or a zoom for a first lens?",
                      "What does 'stop' mean in photography?"],
        "tags": ["photography", "camera", "exposure", "tips"],
    },
    {
        "key": "birds", "sec": "Outdoors", "sub": "Wildlife",
        "titles": ["Getting Started With Birdwatching", "Feeding Garden Birds Through Winter",
                   "Learning Birdsong: A Beginner's Approach", "Choosing Binoculars for Birding"],
        "headings": ["Binoculars", "Field guides", "Feeding", "Song"],
        "sentences": [
            "An 8x42 pair of binoculars is bright, easy to hold steady and suits most birdwatching.",
            "Learn the common birds in your garden first; it makes the rare ones stand out.",
            "Early morning is the busiest time of day for bird activity.",
            "Note size, shape and behaviour before worrying about colours.",
            "Sunflower hearts are popular with finches, tits and sparrows alike.",
            "Clean feeders regularly to stop diseases spreading between birds.",
            "A shallow dish of fresh water is just as important as food in freezing weather.",
            "Learning a handful of songs a year is more realistic than trying to learn them all at once.",
            "Robins sing through the winter, and their song sounds thinner and more wistful than in spring.",
            "Wear muted colours and move slowly along the edge of cover.",
            "Keep a notebook or use an app to record what you see and where.",
            "Local nature reserves often run free guided walks for beginners.",
            "Never disturb nesting birds, even for a photograph.",
        ],
        "questions": ["Little brown bird with a streaky chest - sparrow or dunnock?",
                      "Is it OK to feed birds bread?",
                      "Best app for identifying birdsong?"],
        "tags": ["birdwatching", "wildlife", "nature", "garden birds"],
    },
    {
        "key": "astronomy", "sec": "Science", "sub": "Astronomy",
        "titles": ["Stargazing Without a Telescope", "How to Photograph the Milky Way",
                   "A Beginner's Guide to Meteor Showers", "Why the Moon Looks Bigger Near the Horizon"],
        "headings": ["Dark skies", "Dark adaptation", "What to look for", "Equipment"],
        "sentences": [
            "Your eyes need about twenty minutes to adapt fully to the dark.",
            "Use a red torch, because white light resets your night vision instantly.",
            "The Perseids peak in mid-August and can produce dozens of meteors an hour.",
            "Get away from street lights; even a short drive can reveal thousands more stars.",
            "Binoculars show the moons of Jupiter and craters on our Moon surprisingly well.",
            "A free planetarium app helps you identify constellations and planets.",
            "The Moon illusion is a trick of perception; the Moon is not actually larger near the horizon.",
            "Planets shine with a steady light, while stars twinkle.",
            "For Milky Way photos, use a wide lens, a high ISO and exposures of around 15 to 20 seconds.",
            "Check the moon phase before planning a trip; a full Moon washes out faint objects.",
            "Lie on a reclining chair so you can watch the sky without straining your neck.",
            "The International Space Station looks like a bright, steady dot crossing the sky in a few minutes.",
            "Dress more warmly than you think you need to, even in summer.",
        ],
        "questions": ["What's that really bright 'star' in the west after sunset?",
                      "Are cheap telescopes worth it for kids?",
                      "Best time of night to watch the Geminids?"],
        "tags": ["astronomy", "stargazing", "night sky", "meteors"],
    },
    {
        "key": "rome", "sec": "History", "sub": "Ancient World",
        "titles": ["How the Romans Built Roads That Lasted", "Roman Aqueducts: Engineering by Gravity",
                   "Daily Life in a Roman Town", "What the Romans Ate"],
        "headings": ["Planning the route", "Layers of a road", "Water supply", "Legacy"],
        "sentences": [
            "Roman roads were built in layers, starting with a deep trench filled with large stones.",
            "Finer gravel and sand came next, and fitted paving stones formed the surface on major routes.",
            "Roads were cambered so rainwater ran off into ditches on either side.",
            "Surveyors used a groma, a simple cross-shaped instrument, to lay out straight lines.",
            "At its height the network covered more than 80,000 kilometres of paved road.",
            "Milestones recorded distances and often the name of the emperor who paid for repairs.",
            "Aqueducts carried water using nothing but a very gentle downhill gradient.",
            "Some channels dropped only a few centimetres per kilometre.",
            "Most of an aqueduct ran underground; the famous arches were needed only to cross valleys.",
            "Public baths, fountains and latrines depended on a constant flow of water.",
            "Many modern European roads still follow the lines of Roman ones.",
            "Garum, a fermented fish sauce, was used in Roman cooking much as we use salt.",
            "Ordinary townspeople often ate at street counters rather than cooking at home.",
        ],
        "questions": ["How did the Romans keep aqueducts from clogging?",
                      "Were Roman roads really dead straight?",
                      "Did ordinary Romans have kitchens?"],
        "tags": ["history", "Romans", "engineering", "archaeology"],
    },
    {
        "key": "tides", "sec": "Science", "sub": "Earth",
        "titles": ["What Causes the Tides?", "Spring Tides and Neap Tides Explained",
                   "Why Some Places Have Huge Tides", "Reading a Tide Table"],
        "headings": ["The Moon's pull", "Spring and neap", "Local geography", "Tide tables"],
        "sentences": [
            "Tides are caused mainly by the Moon's gravity pulling on the oceans.",
            "The Sun also plays a part, but its effect is a little under half that of the Moon.",
            "Most coasts see two high tides and two low tides roughly every 24 hours and 50 minutes.",
            "Spring tides happen near full and new Moon, when the Sun and Moon line up.",
            "Neap tides, with the smallest range, come at the quarter Moons.",
            "The shape of a bay or estuary can amplify the tide dramatically.",
            "Some enclosed seas, like the Mediterranean, have only small tides.",
            "A tide table lists the times and heights of high and low water for a particular port.",
            "Heights are measured from chart datum, usually close to the lowest predicted tide.",
            "Strong winds and low air pressure can push water levels above the predicted height.",
            "Always check the tide before walking out across sand flats or to a tidal island.",
            "Tidal currents are often strongest halfway between high and low water.",
        ],
        "questions": ["Why are there two high tides a day and not one?",
                      "How accurate are tide tables?",
                      "Is it safe to walk to the island at low tide?"],
        "tags": ["science", "oceans", "tides", "coast"],
    },
    {
        "key": "diy", "sec": "Home", "sub": "DIY",
        "titles": ["How to Fix a Dripping Tap", "Painting a Room Like a Pro",
                   "Filling Holes in Plaster Walls", "Bleeding Radiators Before Winter"],
        "headings": ["Tools", "Preparation", "Step by step", "Finishing off"],
        "sentences": [
            "Turn off the water supply at the isolation valve before taking the tap apart.",
            "A dripping tap is usually caused by a worn washer or a faulty ceramic cartridge.",
            "Take a photo of each step as you dismantle it, so reassembly is easy.",
            "Preparation is most of the work when painting: fill, sand, clean and mask first.",
            "Cut in along the edges with a brush, then roll the main areas while the edges are still wet.",
            "Two thin coats look far better than one thick one.",
            "Use a flexible filler for small holes and a setting compound for deeper ones.",
            "Overfill slightly and sand flush once it has dried.",
            "Cold patches at the top of a radiator mean there is air trapped inside.",
            "Open the bleed valve a quarter turn with a radiator key and close it as soon as water appears.",
            "Check the boiler pressure afterwards and top it up if necessary.",
            "Lay dust sheets and remove as much furniture as you can before starting.",
            "Keep a small kit with a screwdriver set, an adjustable spanner, tape and a torch.",
        ],
        "questions": ["Tap still drips after changing the washer??",
                      "How long to wait between coats of emulsion?",
                      "Radiator cold at the bottom but hot at the top"],
        "tags": ["DIY", "home repair", "plumbing", "painting"],
    },
    {
        "key": "castiron", "sec": "Food & Drink", "sub": "Techniques",
        "titles": ["Caring for a Cast-Iron Pan", "Knife Skills Every Home Cook Needs",
                   "How to Season a Pan the Right Way", "Why You Should Salt Pasta Water"],
        "headings": ["Seasoning", "Cleaning", "Knife grip", "Everyday habits"],
        "sentences": [
            "Seasoning is a thin layer of polymerised oil baked onto the surface of the iron.",
            "Wash the pan with hot water and a little soap if needed; modern soap will not strip proper seasoning.",
            "Dry it immediately on the hob to stop rust forming.",
            "Wipe a very thin film of oil over the surface while it is still warm.",
            "Acidic sauces simmered for a long time can dull the seasoning.",
            "Hold the knife with a pinch grip, thumb and forefinger on the blade just in front of the handle.",
            "Curl the fingers of your other hand into a claw to keep fingertips away from the edge.",
            "A sharp knife is safer than a blunt one because it needs less force.",
            "Hone the edge regularly and sharpen it properly a few times a year.",
            "Salted pasta water seasons the pasta from the inside as it cooks.",
            "Save a mug of the starchy cooking water to loosen and thicken the sauce.",
            "Let meat rest after cooking so the juices settle back into it.",
            "Taste as you go and adjust seasoning at the end.",
        ],
        "questions": ["Rust spots on my cast iron, is it ruined?",
                      "Whetstone or pull-through sharpener?",
                      "Can you use olive oil to season cast iron?"],
        "tags": ["cooking", "cast iron", "knife skills", "kitchen"],
    },
    {
        "key": "dogs", "sec": "Pets", "sub": "Dogs",
        "titles": ["Teaching Your Dog a Reliable Recall", "Crate Training a Puppy Without Tears",
                   "Why Does My Dog Pull on the Lead?", "Keeping an Older Dog Active"],
        "headings": ["Rewards", "Short sessions", "Consistency", "Common mistakes"],
        "sentences": [
            "Reward the behaviour you want immediately, within a second or two.",
            "Keep training sessions short - five minutes a few times a day is plenty for a puppy.",
            "Practise recall in a quiet place before trying it in the park.",
            "Never call your dog to you for something unpleasant, or the recall word will lose its meaning.",
            "Make the crate a comfortable den with a blanket and a chew toy.",
            "Dogs pull on the lead because pulling works: it gets them where they want to go.",
            "Stop walking the moment the lead goes tight and continue only when it is slack again.",
            "Everyone in the household should use the same words for the same commands.",
            "High-value treats such as small pieces of cheese or chicken work well for difficult tasks.",
            "Older dogs still need mental stimulation; sniffing games and puzzle feeders are ideal.",
            "Shorter, more frequent walks suit arthritic joints better than one long outing.",
            "Punishment tends to create fear and usually makes problems worse.",
            "A tired dog is usually a well-behaved dog.",
        ],
        "questions": ["Puppy cries all night in the crate, what should I do?",
                      "Recall is perfect at home and non-existent at the park",
                      "Harness or collar for a dog that pulls?"],
        "tags": ["dogs", "training", "puppies", "pets"],
    },
    {
        "key": "aquarium", "sec": "Pets", "sub": "Fishkeeping",
        "titles": ["Cycling a New Aquarium", "Choosing Fish for a Community Tank",
                   "Why Is My Aquarium Water Cloudy?", "Live Plants for Beginners"],
        "headings": ["The nitrogen cycle", "Stocking", "Water changes", "Plants"],
        "sentences": [
            "A new tank needs several weeks to grow the bacteria that break down fish waste.",
            "Test for ammonia, nitrite and nitrate with a liquid test kit during cycling.",
            "Add fish slowly, a few at a time, so the bacteria can keep up.",
            "Weekly water changes of 20-30% keep nitrate levels under control.",
            "Use a dechlorinator whenever you add tap water.",
            "Cloudy water in a new tank is usually a harmless bacterial bloom that clears on its own.",
            "Overfeeding is the most common cause of poor water quality.",
            "Research the adult size of every fish before buying it.",
            "Schooling fish like tetras feel safer and show better colours in groups of six or more.",
            "Java fern and anubias are almost impossible to kill and don't need special lighting.",
            "Rinse filter media in old tank water, never under the tap.",
            "Keep the tank out of direct sunlight to limit algae.",
            "Quarantine new fish for a couple of weeks if you can.",
        ],
        "questions": ["Ammonia stuck at 2 ppm for two weeks, is my cycle stalled?",
                      "How many neon tetras in a 60 litre tank?",
                      "Green water won't go away"],
        "tags": ["aquarium", "fishkeeping", "tropical fish", "plants"],
    },
    {
        "key": "lisbon", "sec": "Travel", "sub": "Europe",
        "titles": ["Three Days in Lisbon", "Lisbon on a Budget", "The Best Viewpoints in Lisbon",
                   "A Day Trip From Lisbon to Sintra"],
        "headings": ["Getting around", "Where to eat", "Day one", "Day two", "Practical tips"],
        "sentences": [
            "Lisbon is a city of hills, so bring comfortable shoes with a good grip.",
            "Tram 28 rattles through Alfama and Graça, but it is packed by mid-morning.",
            "A Viva Viagem card works on the metro, buses, trams and the ferries across the Tagus.",
            "Pastéis de nata are best eaten warm, dusted with cinnamon.",
            "The miradouros, or viewpoints, are free and at their best around sunset.",
            "Belém is a short tram ride away and home to the Jerónimos Monastery.",
            "Many restaurants put bread, olives and cheese on the table; you pay for what you eat.",
            "Fado houses in Alfama and Mouraria offer dinner with live music most nights.",
            "Sintra deserves a full day; the palaces are spread over steep, wooded hills.",
            "Buy palace tickets online in summer to skip the longest queues.",
            "The LX Factory, in a former textile mill, is full of cafés, bookshops and studios.",
            "The calçada, the city's polished stone pavements, can be slippery after rain.",
            "Lunch menus, the prato do dia, are often half the price of dinner.",
        ],
        "questions": ["Is the Lisboa Card worth it for 3 days?",
                      "Tram 28 or just walk?",
                      "Best way from the airport to Baixa late at night?"],
        "tags": ["Lisbon", "Portugal", "travel", "city break"],
    },
    {
        "key": "kyoto", "sec": "Travel", "sub": "Asia",
        "titles": ["A Slow Week in Kyoto", "Kyoto's Temples Without the Crowds",
                   "Eating Your Way Through Nishiki Market", "Getting Around Kyoto by Bus and Bike"],
        "headings": ["Temples", "Food", "Getting around", "Etiquette"],
        "sentences": [
            "Fushimi Inari (伏見稲荷大社) is quietest before 7 a.m., when the gates glow in the early light.",
            "Kinkaku-ji, the Golden Pavilion, is stunning but busy; go right at opening time.",
            "Nishiki Market is a narrow covered street of pickles, tofu, knives and grilled skewers.",
            "Eating while walking is frowned upon, so finish your snack next to the stall.",
            "Buses reach almost everywhere, but a rented bicycle is often faster.",
            "The Philosopher's Path (哲学の道) follows a canal lined with cherry trees.",
            "Many temples ask you to remove your shoes; wear socks without holes.",
            "An IC card such as ICOCA works on buses, trains and in convenience stores.",
            "Autumn colours peak in late November, and the famous spots get crowded.",
            "Arashiyama's bamboo grove is best at dawn, before the tour groups arrive.",
            "Try yudōfu, simmered tofu, a Kyoto speciality near Nanzen-ji.",
            "Speak quietly on buses and trains; phone calls are considered rude.",
            "A simple “arigatō gozaimasu” goes a long way.",
        ],
        "questions": ["Is the JR Pass worth it if I'm mostly in Kyoto?",
                      "How early do you need to be at Fushimi Inari to avoid crowds?",
                      "Can you rent bikes without a Japanese ID?"],
        "tags": ["Kyoto", "Japan", "travel", "temples"],
    },
    {
        "key": "hiking", "sec": "Outdoors", "sub": "Hiking",
        "titles": ["What to Pack for a Day Hike", "Hiking in the Alps: A First-Timer's Guide",
                   "Staying Safe in Mountain Weather", "Hut-to-Hut Trekking in the Dolomites"],
        "headings": ["Layers", "Navigation", "Weather", "Food and water", "Huts"],
        "sentences": [
            "Dress in layers: a wicking base, an insulating mid-layer and a waterproof shell.",
            "Carry a paper map and compass even if you use a phone app.",
            "Check the forecast the night before and again in the morning.",
            "Afternoon thunderstorms are common in the mountains in summer; start early.",
            "Turn back if the weather turns; the mountain will still be there next time.",
            "Tell someone your route and when you expect to be back.",
            "Swiss trail signs show walking times rather than distances.",
            "Mountain huts in the Alps usually need to be booked weeks ahead in July and August.",
            "Bring cash - many huts don't take cards.",
            "Trekking poles take a lot of strain off the knees on long descents.",
            "Eat small amounts regularly rather than one big lunch.",
            "Blisters are easier to prevent than to treat; tape hot spots as soon as you feel them.",
            "At altitude, the sun is stronger than it feels; use sunscreen and sunglasses.",
            "Leave no trace: take all rubbish home, including fruit peel.",
        ],
        "questions": ["Trail runners or boots for the Tour du Mont Blanc?",
                      "Do you need to book huts in the Dolomites in September?",
                      "How much water should I carry for a 6 hour hike?"],
        "tags": ["hiking", "mountains", "Alps", "outdoors"],
    },
    {
        "key": "boardgames", "sec": "Hobbies", "sub": "Games",
        "titles": ["Board Games for Two Players", "Gateway Games That Hook New Players",
                   "How to Teach a Board Game Quickly", "Cooperative Games for Family Nights"],
        "headings": ["Two-player picks", "Teaching", "Cooperative games", "Verdict"],
        "sentences": [
            "A good gateway game can be taught in ten minutes and played in under an hour.",
            "Cooperative games remove the sting of losing, which helps with younger players.",
            "Explain the goal of the game first, then the turn structure, then the details.",
            "Play an open practice round with cards face up so everyone sees how things work.",
            "Tile-laying games are easy to pick up and still offer real decisions.",
            "Some two-player games are tense duels where every move matters.",
            "Look for games with little downtime if your group has short attention spans.",
            "Sleeve cards in games you play often; shuffling wears them out quickly.",
            "Small box games are perfect for cafés and travel.",
            "The best game is the one your group actually wants to play again.",
            "Player count printed on the box is not always the ideal one; check reviews.",
            "A cheap organiser insert can cut set-up time in half.",
        ],
        "questions": ["Good two-player game for a couple who hate direct conflict?",
                      "How do you handle the one player who takes forever on their turn?",
                      "Best co-op for kids around 8?"],
        "tags": ["board games", "tabletop", "family", "reviews"],
    },
    {
        "key": "heatpump", "sec": "Home", "sub": "Energy",
        "titles": ["Is a Heat Pump Right for Your Home?", "Cutting Your Energy Bill This Winter",
                   "Solar Panels: What to Know Before You Buy", "Draught-Proofing on a Budget"],
        "headings": ["How it works", "Costs", "Insulation first", "Running it well"],
        "sentences": [
            "A heat pump moves heat from the outside air into your home, even when it is cold outside.",
            "For every unit of electricity it uses, a good heat pump delivers around three units of heat.",
            "Heat pumps work best at lower flow temperatures, so larger radiators or underfloor heating help.",
            "Insulate the loft and seal draughts before spending money on a new heating system.",
            "Draught excluders, letterbox brushes and thick curtains are cheap and effective.",
            "Leaving a heat pump running steadily is often more efficient than switching it on and off.",
            "Solar panels generate power even on cloudy days, although much less of it.",
            "South-facing roofs produce the most, but east-west arrays spread output over the day.",
            "A battery lets you use daytime solar power in the evening.",
            "Turning the thermostat down by one degree can cut heating costs noticeably.",
            "Bleed radiators and service the boiler before the cold weather arrives.",
            "Get at least three quotes from certified installers.",
            "Check what grants are available; they change from year to year.",
        ],
        "questions": ["Heat pump in a 1930s house with no cavity wall insulation?",
                      "Is it worth adding a battery to existing solar?",
                      "Should I leave the heating on low all day?"],
        "tags": ["energy", "heat pump", "solar", "home"],
    },
    {
        "key": "reading", "sec": "Culture", "sub": "Books",
        "titles": ["How to Read More Books This Year", "Starting a Book Club That Lasts",
                   "Why Reread Your Favourite Novels?", "Audiobooks Count, Actually"],
        "headings": ["Making time", "Choosing books", "Book clubs", "Formats"],
        "sentences": [
            "Carry a book everywhere; ten minutes here and there adds up to hours each week.",
            "Give yourself permission to stop reading a book you are not enjoying.",
            "Keep a list of recommendations so you always know what to read next.",
            "A book club works best with a small, committed group and a regular date.",
            "Alternate between long and short books to keep momentum.",
            "Rereading a favourite novel often reveals details you missed the first time.",
            "Audiobooks make commutes and chores feel shorter.",
            "Libraries lend e-books and audiobooks through apps, often with no waiting list for older titles.",
            "Reading in bed on paper helps many people wind down.",
            "Discussion questions at the back of a book can rescue a quiet book-club evening.",
            "Try a genre you normally avoid once or twice a year.",
            "Short stories are ideal when you only have a few minutes.",
        ],
        "questions": ["How do you keep a book club going past the first few months?",
                      "Does listening to audiobooks count as reading?",
                      "Recommend a novel for someone who only reads non-fiction?"],
        "tags": ["books", "reading", "book club", "audiobooks"],
    },
    {
        "key": "bees", "sec": "Outdoors", "sub": "Beekeeping",
        "titles": ["Your First Year of Beekeeping", "Inspecting a Hive Without Getting Stung",
                   "Why Bees Swarm and How to Prevent It", "Harvesting Honey the Simple Way"],
        "headings": ["Equipment", "Inspections", "Swarming", "Harvest"],
        "sentences": [
            "Join a local beekeeping association before buying any bees; most run beginners' courses in winter.",
            "Start with two hives if you can, so you can compare them and borrow frames if one struggles.",
            "Inspect the colony every seven to ten days from spring to late summer.",
            "Work slowly and calmly, standing to the side of the entrance rather than in the flight path.",
            "A few puffs of cool smoke at the entrance encourage the bees to gorge on honey and stay calm.",
            "Queen cells along the bottom of the frames are a sign that the colony is preparing to swarm.",
            "Giving the bees more room before they feel crowded is the easiest way to delay swarming.",
            "Only take honey from frames that are at least three-quarters capped with wax.",
            "Leave enough honey for the bees to survive the winter, or be ready to feed them syrup.",
            "Varroa mites are the biggest threat to honeybees and need monitoring all year round.",
            "A mesh floor with a removable tray lets you count fallen mites without opening the hive.",
            "Plant lavender, borage and single-flowered dahlias to give bees forage late in the season.",
            "Bees are gentlest on warm, sunny afternoons when most foragers are out.",
            "Keep a hive record card so you know what you saw at the last inspection.",
        ],
        "questions": ["Lots of bees hanging outside the hive on hot evenings - swarm coming?",
                      "Can I keep bees in a small city garden?",
                      "How much honey should I leave them for winter?"],
        "tags": ["beekeeping", "honey", "bees", "pollinators"],
    },
    {
        "key": "knitting", "sec": "Hobbies", "sub": "Crafts",
        "titles": ["Learning to Knit: Your First Scarf", "Why Your Knitting Is Too Tight",
                   "Choosing Yarn for Beginners", "Reading a Knitting Pattern"],
        "headings": ["Yarn", "Needles", "Tension", "Patterns"],
        "sentences": [
            "A smooth, light-coloured wool in a medium weight makes it much easier to see your stitches.",
            "Bamboo needles are less slippery than metal ones, which helps when you are starting out.",
            "Knit a small swatch before every project to check your tension against the pattern.",
            "If you have more stitches per 10 cm than the pattern asks for, try needles a size larger.",
            "Tight knitting usually comes from pulling the yarn too hard after each stitch.",
            "Garter stitch, where every row is knitted, lies flat and is perfect for a first scarf.",
            "Count your stitches at the end of every row until you trust your hands.",
            "A dropped stitch can be picked up with a crochet hook, so there's no need to pull everything out.",
            "Abbreviations such as k2tog and ssk are explained at the start of most patterns.",
            "Put a lifeline of contrasting thread through a row before a tricky section.",
            "Blocking - soaking the finished piece and pinning it out to dry - evens out irregular stitches.",
            "Weave in the loose ends over several centimetres so they don't work their way out.",
            "Knitting groups in libraries and cafés are a friendly place to ask for help.",
        ],
        "questions": ["Why does my scarf get wider and wider?",
                      "Acrylic or wool for a baby blanket?",
                      "What does 'work even' mean in a pattern?"],
        "tags": ["knitting", "yarn", "crafts", "handmade"],
    },
    {
        "key": "homebrew", "sec": "Food & Drink", "sub": "Brewing",
        "titles": ["Brewing Your First Batch of Beer at Home", "Cleaning and Sanitising: The Boring Bit That Matters",
                   "Extract vs. All-Grain Brewing", "Why Did My Homebrew Turn Out Sour?"],
        "headings": ["Equipment", "Sanitising", "Fermentation", "Bottling"],
        "sentences": [
            "Everything that touches the beer after the boil must be sanitised, not just clean.",
            "A no-rinse sanitiser saves time and removes the risk of contaminating things with tap water.",
            "Extract kits are a forgiving way to learn the process before moving on to all-grain brewing.",
            "Cool the wort as quickly as possible after the boil to reduce the chance of infection.",
            "Most ale yeasts work best between 18 and 21 °C; warmer than that and fruity off-flavours appear.",
            "Bubbling in the airlock is not a reliable sign that fermentation has finished.",
            "Take hydrometer readings two days apart; if they match, the beer is ready to bottle.",
            "Add a measured amount of priming sugar before bottling so the beer carbonates in the bottle.",
            "Store bottles somewhere warm for two weeks, then move them somewhere cool to condition.",
            "An unexpectedly sour, vinegary taste usually means bacteria got in somewhere along the way.",
            "Keep notes on every batch; the best recipes are the ones you can repeat.",
            "Rinse bottles straight after pouring so the yeast sediment doesn't dry onto the glass.",
            "A larger pot lets you boil the full volume and improves hop flavour.",
        ],
        "questions": ["Airlock stopped bubbling after two days, is it done?",
                      "Bottles are flat after three weeks - what went wrong?",
                      "Is it worth going all-grain straight away?"],
        "tags": ["homebrew", "beer", "brewing", "fermentation"],
    },
    {
        "key": "car", "sec": "Home", "sub": "Motoring",
        "titles": ["Simple Car Checks Before a Long Drive", "What That Dashboard Warning Light Means",
                   "How to Jump-Start a Car Safely", "Making Your Tyres Last Longer"],
        "headings": ["Tyres", "Fluids", "Battery", "Warning lights"],
        "sentences": [
            "Check tyre pressures when the tyres are cold, using the figures in the door frame or handbook.",
            "The legal minimum tread depth is only a starting point; grip in the wet drops long before it.",
            "Look at the oil level with the car on level ground and the engine off for a few minutes.",
            "Top up screen wash with a proper additive in winter so it doesn't freeze.",
            "A red warning light means stop as soon as it is safe; an amber one means get it checked soon.",
            "A battery warning light while driving usually points to the alternator rather than the battery.",
            "When jump-starting, connect the black lead to bare metal on the engine, not the flat battery's negative terminal.",
            "Let the donor car run for a few minutes before trying to start the other one.",
            "Rotating the tyres every 10,000 kilometres evens out wear.",
            "Uneven wear on the inside edges often means the wheel alignment needs adjusting.",
            "Short journeys in winter can leave an older battery permanently undercharged.",
            "Carry a torch, warm layers and a phone charger in the car over winter.",
            "A squeal when braking often means the pads are close to worn out.",
        ],
        "questions": ["Orange engine light came on but the car drives fine?",
                      "Battery keeps dying overnight, new car only 2 years old",
                      "How often should I really change the oil?"],
        "tags": ["cars", "motoring", "maintenance", "winter"],
    },
    {
        "key": "languages", "sec": "Culture", "sub": "Languages",
        "titles": ["How to Learn a Language as an Adult", "Why Flashcards Work (When You Use Them Right)",
                   "Getting Over the Fear of Speaking", "Learning Vocabulary That Sticks"],
        "headings": ["Daily habits", "Vocabulary", "Speaking", "Listening"],
        "sentences": [
            "Fifteen minutes every day beats two hours once a week.",
            "Spaced-repetition flashcards show you each word just before you would forget it.",
            "Learn words in short phrases rather than alone; \"a cup of coffee\" sticks better than \"cup\".",
            "Speak from the first week, even if it is only to introduce yourself.",
            "Mistakes are how you learn; native speakers are almost always patient and encouraging.",
            "Listen to podcasts for learners at slightly above your level.",
            "Subtitles in the target language help you connect the sounds to the written words.",
            "Shadowing - repeating a recording a split second behind the speaker - improves pronunciation fast.",
            "Online conversation exchanges pair you with someone who wants to learn your language.",
            "Keep a small notebook of phrases you hear and want to use.",
            "Grammar makes more sense once you have heard the patterns many times.",
            "Change your phone's language setting for a week; you already know where everything is.",
            "Set a concrete goal, like ordering a meal or chatting with a neighbour, rather than \"fluency\".",
        ],
        "questions": ["Is Duolingo alone enough to reach conversational level?",
                      "How do I stop translating in my head?",
                      "Too shy to speak - any tips?"],
        "tags": ["languages", "learning", "study tips", "vocabulary"],
    },
    {
        "key": "battery", "sec": "Tech", "sub": "Gadgets",
        "titles": ["Making Your Phone Battery Last All Day", "Is It Bad to Charge Your Phone Overnight?",
                   "Why Your Laptop Battery Drains So Fast", "Fast Charging: Myths and Facts"],
        "headings": ["Settings", "Charging habits", "Heat", "When to replace"],
        "sentences": [
            "The screen is usually the single biggest drain, so lower the brightness or use auto-brightness.",
            "Apps that constantly check your location can quietly empty the battery.",
            "Lithium-ion batteries age fastest when kept at 100% and warm for long periods.",
            "Many phones now pause charging at 80% overnight and finish just before you wake up.",
            "Heat is the enemy: don't leave a phone charging under a pillow or on a sunny dashboard.",
            "Fast charging is safe; the phone controls how much current it accepts.",
            "A battery that has lost more than about 20% of its original capacity is worth replacing.",
            "Battery health figures in the settings give a rough idea of how worn the cell is.",
            "Background refresh for rarely used apps can usually be switched off without missing anything.",
            "A cheap, uncertified charger is a real fire risk.",
            "Dark mode saves noticeable power only on phones with OLED screens.",
            "Closing apps from the app switcher rarely helps and can even use more power.",
            "Cold weather temporarily reduces capacity; the charge comes back once the phone warms up.",
        ],
        "questions": ["Phone dies at 30% in the cold, is the battery broken?",
                      "Should I let my laptop battery drain fully once a month?",
                      "Is it OK to use my tablet charger for my phone?"],
        "tags": ["battery", "smartphones", "laptops", "gadgets"],
    },
    {
        "key": "woodwork", "sec": "Home", "sub": "Woodworking",
        "titles": ["Woodworking Tools for Beginners", "How to Cut a Straight Line With a Hand Saw",
                   "Choosing the Right Wood Glue", "Finishing Wood With Oil"],
        "headings": ["Tools", "Measuring", "Joining", "Finishing"],
        "sentences": [
            "Measure twice, cut once is a cliché because it is true.",
            "A sharp pencil or a marking knife gives a far more accurate line than a thick carpenter's pencil.",
            "Start a saw cut with a few gentle backward strokes to create a small groove.",
            "Let the saw do the work; pushing harder only makes it wander.",
            "Clamp the work firmly so that both hands are free and safe.",
            "Ordinary PVA wood glue is stronger than the wood itself when the joint fits well.",
            "Wipe away glue squeeze-out with a damp cloth before it dries, or the finish won't take there.",
            "Sand with the grain, working through the grits without skipping more than one.",
            "Hardwax oil is easy to apply with a cloth and can be repaired locally if scratched.",
            "Oily rags can catch fire on their own as they dry; lay them flat outside or soak them in water.",
            "Pine is cheap and easy to work, which makes it ideal for first projects.",
            "Always wear eye protection, and hearing protection with power tools.",
            "A small, well-organised set of tools beats a large collection you can't find.",
        ],
        "questions": ["My saw cuts always drift to the left, why?",
                      "What's the best finish for an outdoor bench?",
                      "Do I need a table saw to start woodworking?"],
        "tags": ["woodworking", "DIY", "tools", "furniture"],
    },
    {
        "key": "stress", "sec": "Health", "sub": "Wellbeing",
        "titles": ["Small Habits That Lower Everyday Stress", "Working From Home Without Burning Out",
                   "Why Walking Helps You Think", "Taking Proper Breaks at Work"],
        "headings": ["Boundaries", "Breaks", "Movement", "Asking for help"],
        "sentences": [
            "Set a fixed end to the working day and close the laptop when you reach it.",
            "A short walk outside at lunchtime often does more for concentration than another coffee.",
            "Turn off non-essential notifications; most messages can wait an hour.",
            "Slow breathing, with the out-breath longer than the in-breath, calms the body within minutes.",
            "Write the three most important tasks for tomorrow before you finish today.",
            "Working from the sofa or bed blurs the line between work and rest.",
            "Regular contact with colleagues, even a short call, reduces the isolation of remote work.",
            "Saying no to one extra commitment can free more energy than any productivity trick.",
            "Time in green spaces is linked to lower stress levels in many studies.",
            "If stress is affecting your sleep or appetite for weeks, talk to your doctor.",
            "Many employers offer free, confidential counselling through an assistance programme.",
            "Batch similar tasks, such as emails, into set times instead of reacting all day.",
        ],
        "questions": ["How do you switch off after work when your desk is in the bedroom?",
                      "Is it normal to feel exhausted after video calls all day?",
                      "How long should a proper break be?"],
        "tags": ["stress", "wellbeing", "remote work", "habits"],
    },
]

TOPIC_BY_KEY = {t["key"]: t for t in TOPICS}

# Generic connective sentences usable in any English article; {x} filled in.
GENERIC_SENTENCES = [
    "I've been doing this for {yrs} years, and I still learn something new every season.",
    "{person}, who has written about this for over a decade, puts it simply: start small and stay consistent.",
    "It sounds complicated, but after the first couple of attempts it becomes second nature.",
    "Don't worry if your first try isn't perfect; mine certainly wasn't.",
    "The short version: be patient, take notes and change one thing at a time.",
    "We tested this over {k} weeks last {season}, and the results surprised us.",
    "A reader from {town} wrote in to ask about exactly this, so here is a longer answer.",
    "There is no single right way to do it, but some approaches are far more forgiving than others.",
    "If you only remember one thing from this article, make it this.",
    "Most of the advice online overcomplicates what is really a simple process.",
    "Below you'll find the method that has worked best for us, step by step.",
    "As always, your mileage may vary depending on where you live.",
    "Thanks to everyone who shared their own experiences in the comments last time.",
    "This post was first written in {pyear} and has been revised since then.",
]
SEASONS = ["spring", "summer", "autumn", "winter"]

FORUM_OPENERS = [
    "Hi all, long-time lurker, first post.",
    "Hey everyone,",
    "Quick question for the experts here.",
    "Not sure if this is the right subforum, mods feel free to move it.",
    "Hoping someone can help, I'm at my wits' end.",
    "Sorry if this has been asked before, the search didn't turn up much.",
    "Hello from {town}!",
]
FORUM_REPLIES = [
    "Had exactly the same thing last year.",
    "+1 to what {user} said.",
    "This is the answer. I did the same and it worked within a week.",
    "Honestly I wouldn't worry too much about it.",
    "Can you post a photo? Hard to say without seeing it.",
    "Thanks, that fixed it! Marking as solved.",
    "Update: tried this over the weekend and it's much better now 🙂",
    "Same problem here, following this thread.",
    "Bit of a late reply, but in my experience it depends a lot on the conditions.",
    "Whatever you do, don't panic and change everything at once.",
    "Agree with the above.",
    "I disagree slightly - it worked for me but only after a few attempts.",
    "Cheers, really appreciate the detailed answer.",
    "Good to know, I'll give it a go.",
]
FORUM_NOISE = [
    "Quote | Reply | Report",
    "Reply  Quote  Multi-Quote  Report Post",
    "Joined: {Mon} {y}   Posts: {n}",
    "Member since {y} · {n} posts",
    "#{n}",
    "Permalink · Edit · Delete",
    "Last edited by {user}; {d} {Mon} {y} at {hh}:{mi}.",
    "Like (+{n})",
    "Thread starter",
    "↑ {n} ↓",
    "Sponsored Links",
    "Attachment: IMG_{n}.jpg (2.3 MB) - viewed {n} times",
    "Report abuse",
    "Top",
]
FORUM_SIGS = [
    "-- Sent from my iPhone",
    "~ {user} ~ | 2 x sourdough, 1 x cat, 0 x free time",
    "--\nMy build log: www.{domain}/builds",
    "\"The best time to plant a tree was 20 years ago.\"",
    "Signature: Currently growing 14 tomato varieties and regretting it",
]


# --------------------------------------------------------------------------
# Recipes
# --------------------------------------------------------------------------

RECIPES = [
    {
        "title": "Classic Banana Bread",
        "ingredients": ["3 very ripe bananas", "75 g melted butter", "150 g light brown sugar",
                        "1 large egg, beaten", "1 tsp vanilla extract", "1 tsp bicarbonate of soda",
                        "a pinch of salt", "190 g plain flour", "50 g chopped walnuts (optional)"],
        "steps": ["Heat the oven to 175 °C (350 °F) and line a 900 g loaf tin with baking paper.",
                  "Mash the bananas in a large bowl until almost smooth.",
                  "Stir in the melted butter, then the sugar, egg and vanilla.",
                  "Sprinkle over the bicarbonate of soda and salt and mix well.",
                  "Fold in the flour and the walnuts until just combined; a few streaks are fine.",
                  "Pour into the tin and bake for 55–65 minutes, until a skewer comes out clean.",
                  "Cool in the tin for ten minutes, then turn out onto a rack."],
        "notes": ["The blacker the bananas, the sweeter and more fragrant the bread.",
                  "It keeps for three days wrapped at room temperature and freezes well in slices."],
    },
    {
        "title": "Weeknight Red Lentil Dal",
        "ingredients": ["250 g red lentils, rinsed", "1 onion, finely chopped", "3 garlic cloves, grated",
                        "a thumb of ginger, grated", "1 tsp ground turmeric", "1 tsp ground cumin",
                        "1 tin (400 g) chopped tomatoes", "900 ml water or stock", "1 tbsp oil or ghee",
                        "juice of half a lemon", "a handful of fresh coriander"],
        "steps": ["Heat the oil in a large pan and soften the onion for 8 minutes.",
                  "Add the garlic, ginger and spices and cook for one minute, stirring.",
                  "Tip in the lentils, tomatoes and water and bring to the boil.",
                  "Simmer for 20–25 minutes, stirring now and then, until the lentils collapse.",
                  "Season with salt and lemon juice and scatter over the coriander."],
        "notes": ["For extra richness, finish with a tadka of cumin seeds and chilli fried in ghee.",
                  "Dal thickens as it stands; loosen it with a splash of hot water when reheating."],
    },
    {
        "title": "No-Knead Focaccia",
        "ingredients": ["500 g strong white bread flour", "7 g instant yeast", "10 g fine salt",
                        "400 ml lukewarm water", "5 tbsp extra-virgin olive oil", "flaky sea salt",
                        "a few sprigs of rosemary"],
        "steps": ["Mix the flour, yeast, salt and water in a bowl into a shaggy, wet dough.",
                  "Cover and leave in the fridge for 12–24 hours.",
                  "Pour 3 tablespoons of oil into a roasting tin and tip the dough into it.",
                  "Leave to rise somewhere warm for 2–3 hours, until bubbly and doubled.",
                  "Dimple the dough deeply with oiled fingers, drizzle with the remaining oil and add the rosemary and salt.",
                  "Bake at 230 °C for 20–25 minutes, until deep golden."],
        "notes": ["Cherry tomatoes, olives or thinly sliced red onion make good toppings.",
                  "Focaccia is best on the day it is baked but revives well in a hot oven."],
    },
    {
        "title": "Crispy Oven-Roasted Chickpeas",
        "ingredients": ["2 tins (400 g each) chickpeas, drained", "2 tbsp olive oil", "1 tsp smoked paprika",
                        "½ tsp garlic powder", "½ tsp salt", "zest of 1 lime"],
        "steps": ["Heat the oven to 200 °C.",
                  "Dry the chickpeas very thoroughly on a clean tea towel, removing any loose skins.",
                  "Toss with the oil, spices and salt on a large baking tray.",
                  "Roast for 30–40 minutes, shaking the tray every ten minutes, until crunchy.",
                  "Grate over the lime zest while they are still hot."],
        "notes": ["They lose their crunch in a sealed container, so store them loosely covered.",
                  "Swap the paprika for curry powder or za'atar for a change."],
    },
    {
        "title": "Lemon Drizzle Cake",
        "ingredients": ["225 g softened butter", "225 g caster sugar", "4 eggs", "275 g self-raising flour",
                        "1 tsp baking powder", "finely grated zest of 2 lemons", "4 tbsp milk",
                        "For the drizzle: juice of 2 lemons and 150 g granulated sugar"],
        "steps": ["Heat the oven to 180 °C and line a deep 20 cm square tin.",
                  "Beat the butter, sugar, eggs, flour, baking powder, zest and milk until smooth.",
                  "Spread into the tin and bake for 35–40 minutes.",
                  "Mix the lemon juice and granulated sugar while the cake bakes.",
                  "Prick the warm cake all over with a skewer and spoon over the drizzle.",
                  "Leave to cool completely in the tin so the topping sets into a crisp crust."],
        "notes": ["Granulated sugar, not icing sugar, is what gives the crackly top.",
                  "Limes or oranges work just as well as lemons."],
    },
    {
        "title": "Shakshuka",
        "ingredients": ["2 tbsp olive oil", "1 onion, sliced", "1 red pepper, sliced", "2 garlic cloves, sliced",
                        "1 tsp cumin", "1 tsp sweet paprika", "a pinch of chilli flakes",
                        "2 tins (400 g) chopped tomatoes", "4–6 eggs", "crumbled feta and parsley, to serve"],
        "steps": ["Fry the onion and pepper in the oil over a medium heat until soft, about 10 minutes.",
                  "Add the garlic and spices and cook for another minute.",
                  "Pour in the tomatoes, season and simmer for 10 minutes until thickened.",
                  "Make small wells in the sauce and crack an egg into each.",
                  "Cover and cook gently until the whites are set but the yolks are still runny.",
                  "Scatter with feta and parsley and serve straight from the pan with bread."],
        "notes": ["A spoonful of harissa stirred into the sauce adds depth and heat.",
                  "Make the sauce a day ahead and just add the eggs when you are ready to eat."],
    },
    {
        "title": "Overnight Oats, Three Ways",
        "ingredients": ["50 g rolled oats", "120 ml milk or oat drink", "60 g natural yoghurt",
                        "1 tsp chia seeds", "1 tsp honey or maple syrup",
                        "Toppings: berries, grated apple and cinnamon, or peanut butter and banana"],
        "steps": ["Stir the oats, milk, yoghurt, chia and honey together in a jar.",
                  "Cover and refrigerate overnight, or for at least four hours.",
                  "In the morning, loosen with a splash of milk if it is too thick.",
                  "Add your chosen topping and eat cold, or warm briefly in the microwave."],
        "notes": ["Jars keep in the fridge for up to three days, so make several at once.",
                  "Jumbo oats give a chewier texture than fine porridge oats."],
    },
    {
        "title": "One-Pan Lemon Garlic Chicken Thighs",
        "ingredients": ["8 bone-in chicken thighs, skin on", "1 kg small potatoes, halved", "1 lemon, cut into wedges",
                        "1 whole head of garlic, cloves separated", "3 tbsp olive oil", "a few sprigs of thyme",
                        "salt and black pepper"],
        "steps": ["Heat the oven to 210 °C.",
                  "Toss the potatoes, lemon, garlic, oil and thyme in a large roasting tin and season well.",
                  "Nestle the chicken among the potatoes, skin side up, and season the skin generously.",
                  "Roast for 45–50 minutes, until the skin is crisp and the juices run clear.",
                  "Squeeze the roasted garlic out of its skins and stir it through the potatoes before serving."],
        "notes": ["Thighs stay juicier than breasts and are much harder to overcook.",
                  "Add a handful of olives or cherry tomatoes for the last 15 minutes."],
    },
    {
        "title": "Miso Soup With Tofu and Wakame",
        "ingredients": ["800 ml dashi (or water with 1 tsp dashi powder)", "3 tbsp white miso paste",
                        "150 g silken tofu, cubed", "1 tbsp dried wakame", "2 spring onions, sliced"],
        "steps": ["Soak the wakame in cold water for five minutes, then drain.",
                  "Heat the dashi until it is just below a simmer.",
                  "Whisk the miso with a ladle of the hot dashi in a small bowl, then stir it back into the pan.",
                  "Add the tofu and wakame and warm through for two minutes without boiling.",
                  "Serve topped with spring onion."],
        "notes": ["Boiling miso dulls its flavour, so keep the heat low once it goes in.",
                  "Red miso gives a stronger, saltier soup than white (shiro) miso."],
    },
    {
        "title": "Crêpes for a Crowd",
        "ingredients": ["250 g plain flour", "a pinch of salt", "4 eggs", "500 ml milk",
                        "50 g butter, melted, plus extra for the pan",
                        "To serve: lemon and sugar, Nutella, or ham and gruyère"],
        "steps": ["Whisk the flour, salt and eggs, then gradually add the milk to make a smooth batter.",
                  "Stir in the melted butter and rest the batter for 30 minutes.",
                  "Heat a lightly buttered crêpe pan until very hot.",
                  "Pour in a small ladle of batter and swirl it to coat the base thinly.",
                  "Cook for about a minute until golden underneath, flip, and cook for 30 seconds more.",
                  "Stack the crêpes on a warm plate as you go."],
        "notes": ["The first crêpe is always a disaster - that's the cook's treat.",
                  "Leftover batter keeps in the fridge for a day."],
    },
]

SOUP_MAINS = [
    {"name": "Roasted Tomato", "main": "roasted tomatoes and onion",
     "items": ["1 kg ripe tomatoes, halved", "1 red onion, quartered", "4 garlic cloves, unpeeled", "a handful of basil"],
     "first": "Roast the tomatoes, onion and garlic at 200 °C for 40 minutes, until soft and slightly charred.",
     "finish": "Tear in the basil just before blending.",
     "note": "Roasting concentrates the flavour, so even slightly disappointing supermarket tomatoes work well."},
    {"name": "Pumpkin and Ginger", "main": "pumpkin",
     "items": ["1 kg pumpkin or butternut squash, cubed", "a thumb of ginger, grated", "1 onion, chopped", "100 ml coconut milk"],
     "first": "Soften the onion and ginger in a little oil for eight minutes.",
     "finish": "Stir in the coconut milk and warm through without boiling.",
     "note": "Keep the pumpkin seeds, toss them in oil and salt and roast them as a crunchy topping."},
    {"name": "Leek and Potato", "main": "potatoes",
     "items": ["3 leeks, sliced and washed", "500 g floury potatoes, diced", "25 g butter", "100 ml single cream"],
     "first": "Melt the butter and sweat the leeks gently for 15 minutes without letting them colour.",
     "finish": "Stir in the cream and season generously with white pepper.",
     "note": "Wash the sliced leeks in a bowl of water; grit hides between the layers."},
    {"name": "Mushroom and Thyme", "main": "mushrooms and thyme leaves",
     "items": ["500 g chestnut mushrooms, sliced", "1 onion, chopped", "2 garlic cloves", "a few sprigs of thyme", "10 g dried porcini, soaked"],
     "first": "Fry the mushrooms in batches over a high heat until golden, then set aside.",
     "finish": "Keep back a few fried mushrooms to scatter on top.",
     "note": "The soaking water from the porcini adds a lot of depth; strain it and add it with the stock."},
    {"name": "Carrot and Coriander", "main": "carrots and ground coriander",
     "items": ["750 g carrots, sliced", "1 onion, chopped", "1 tsp ground coriander", "a bunch of fresh coriander"],
     "first": "Cook the onion in a little oil until soft and sweet, about ten minutes.",
     "finish": "Blend in most of the fresh coriander, keeping a few leaves to garnish.",
     "note": "A spoonful of yoghurt on top balances the sweetness of the carrots."},
    {"name": "White Bean and Rosemary", "main": "beans and rosemary",
     "items": ["2 tins cannellini beans, drained", "1 onion, diced", "2 celery sticks, diced", "1 sprig of rosemary", "a piece of Parmesan rind"],
     "first": "Soften the onion and celery slowly in olive oil for 12 minutes.",
     "finish": "Fish out the Parmesan rind and the rosemary stalk, then blend half the soup and stir it back in.",
     "note": "Leaving half the beans whole gives the soup a much better texture."},
    {"name": "Spiced Parsnip", "main": "parsnips and garam masala",
     "items": ["750 g parsnips, chopped", "1 onion, chopped", "1 tsp garam masala", "a squeeze of lime"],
     "first": "Soften the onion in butter, then stir in the garam masala for a minute.",
     "finish": "Sharpen with the lime juice just before serving.",
     "note": "Small, young parsnips are sweeter and don't need their woody cores removed."},
    {"name": "Pea and Mint", "main": "peas",
     "items": ["500 g frozen peas", "1 bunch spring onions, sliced", "a handful of mint leaves", "2 tbsp crème fraîche"],
     "first": "Soften the spring onions in a knob of butter for three minutes.",
     "finish": "Add the mint for the last minute of cooking so it stays bright green.",
     "note": "Frozen peas are often sweeter than fresh ones, which start turning starchy as soon as they are picked."},
]
SOUP_STEPS = [
    "Add the {main} and stir for a couple of minutes.",
    "Pour in {liquid} of hot stock and bring to a gentle simmer.",
    "Simmer for {mins} minutes, until everything is completely tender.",
    "Blend until smooth and check the seasoning.",
]
SOUP_SERVE = [
    "Serve with crusty bread and a drizzle of good olive oil.",
    "Ladle into warm bowls and finish with black pepper.",
    "Serve with cheese toasties for a proper winter lunch.",
]

RECIPE_INTROS = [
    "This is the recipe I make when I have nothing planned for dinner and about half an hour to spare.",
    "My grandmother made a version of this every Sunday, and the smell still takes me straight back to her kitchen.",
    "It's cheap, it's quick and it freezes beautifully, which makes it a regular in our house.",
    "After a lot of testing (and a lot of washing up), this is the version we keep coming back to.",
    "Don't be put off by the list of ingredients; most of them are things you already have.",
    "I first ate something like this on holiday and spent a year trying to recreate it.",
    "Kids love it, and nobody needs to know how many vegetables are hiding in it.",
    "It's the kind of recipe that forgives you if you're a little heavy-handed with the measurements.",
    "You can make most of it ahead, which is handy when friends are coming over.",
    "This makes enough for a crowd, but the leftovers are arguably even better the next day.",
    "A reader asked for a simpler version of my original recipe, so here it is.",
    "Rainy weekends were made for recipes like this one.",
]
RECIPE_META_KEPT = [
    "Serves {serves} | Prep {prep} min | Cook {cook} min",
    "Makes {serves} portions. Ready in about {total} minutes.",
    "Prep time: {prep} minutes · Cook time: {cook} minutes · Serves: {serves}",
    "Serves {serves}",
]
RECIPE_NOISE = [
    "Jump to Recipe", "Print Recipe", "Pin Recipe ♥", "★★★★★ 4.8 from {n} votes",
    "Rate this recipe!", "This post may contain affiliate links.",
    "Did you make this recipe? Tag @{handle} on Instagram!",
    "Nutrition information is an estimate only.",
    "Calories: {n}kcal | Carbohydrates: 42g | Protein: 9g | Fat: 11g",
    "Save to recipe box", "Watch the video ▶",
]


# --------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------

BRANDS = ["Nordvik", "Altair", "Kestrel & Co.", "Mirabel", "Tōkai", "Brightwell", "Juniper Lane",
          "Halcyon", "Vireo", "Ostara", "Kobold", "Sundew", "Larkspur", "Ferro"]

PRODUCTS = [
    {
        "type": "Wireless Headphones", "models": ["Aria 300", "Quiet One", "Pulse ANC", "Studio Flex"],
        "price": (49, 299),
        "features": ["Active noise cancellation with transparency mode",
                     "Up to {h} hours of battery life; 10 minutes of charging gives 4 hours of playback",
                     "Bluetooth 5.3 with multipoint pairing for two devices",
                     "Memory-foam ear cushions and a lightweight headband",
                     "Folds flat into the included hard case",
                     "USB-C charging and a 3.5 mm cable for wired listening",
                     "Built-in microphones with wind-noise reduction for calls"],
        "desc": ["Whether you're on a packed train or working from a noisy café, these headphones let you focus on what matters.",
                 "The sound is warm and detailed, with bass that is present without drowning out vocals.",
                 "Controls are physical buttons rather than touch panels, so you won't pause a track by accident when adjusting the fit.",
                 "The companion app offers a simple equaliser and firmware updates."],
        "specs": ["Weight: {w} g", "Driver: 40 mm dynamic", "Frequency response: 20 Hz – 20 kHz", "Charging time: 2 hours"],
    },
    {
        "type": "Hiking Backpack", "models": ["Ridge 28", "Trailhead 35", "Summit 22", "Wayfarer 40"],
        "price": (39, 189),
        "features": ["Ventilated back panel keeps you cooler on warm climbs",
                     "Integrated rain cover stored in the base",
                     "Hip-belt pockets large enough for a phone and snacks",
                     "Hydration sleeve compatible with reservoirs up to 3 litres",
                     "Side compression straps and trekking-pole loops",
                     "Made from recycled ripstop nylon"],
        "desc": ["Designed for long days on the trail, this pack carries comfortably even when fully loaded.",
                 "The adjustable torso length lets you get a proper fit instead of guessing between sizes.",
                 "A zipped front panel gives quick access to layers without unpacking everything.",
                 "Reflective details add visibility if you find yourself walking out after dark."],
        "specs": ["Volume: {v} L", "Weight: {w} g", "Back length: adjustable 42–52 cm", "Material: 210D recycled nylon"],
    },
    {
        "type": "Electric Kettle", "models": ["Pour 17", "Tempo", "Gooseneck Pro", "Classic 1.7"],
        "price": (25, 129),
        "features": ["Variable temperature from 40 °C to 100 °C in 5-degree steps",
                     "Keep-warm function for up to 30 minutes",
                     "Stainless-steel interior with no plastic touching the water",
                     "Boil-dry protection and automatic shut-off",
                     "Precision gooseneck spout for pour-over coffee",
                     "360° swivel base with cord storage"],
        "desc": ["Green tea scorches at boiling point; set it to 80 °C and taste the difference.",
                 "It boils a full litre in under four minutes and is noticeably quieter than most kettles.",
                 "The handle stays cool and the lid opens wide for easy descaling.",
                 "A small display shows the current water temperature as it heats."],
        "specs": ["Capacity: 1.7 L", "Power: 2200 W", "Weight: {w} g", "Cable length: 75 cm"],
    },
    {
        "type": "Running Shoes", "models": ["Glide 5", "Tempo Racer", "Cloudstep", "Trail Fox GTX"],
        "price": (59, 199),
        "features": ["Responsive foam midsole for everyday training",
                     "Breathable engineered-mesh upper",
                     "Rubber outsole in high-wear zones",
                     "{drop} mm heel-to-toe drop",
                     "Reflective heel tab for low-light runs",
                     "Removable insole, orthotic-friendly"],
        "desc": ["A dependable daily trainer that is equally happy on easy runs and faster sessions.",
                 "The fit is snug through the midfoot with a roomier toe box for natural splay.",
                 "Many runners find they size up half a size compared with their everyday shoes.",
                 "The outsole grips well on wet pavement and compact gravel."],
        "specs": ["Weight: {w} g (UK 8)", "Drop: {drop} mm", "Stack height: 32/24 mm", "Best for: road, light trail"],
    },
    {
        "type": "LED Desk Lamp", "models": ["Lumen Arc", "Beam", "Halo Mini", "Studio 2"],
        "price": (19, 149),
        "features": ["Adjustable colour temperature from 2700 K to 6500 K",
                     "Five brightness levels with memory function",
                     "Flicker-free light that's easy on the eyes",
                     "Built-in USB-C port to charge your phone",
                     "Three-joint arm that reaches across a large desk",
                     "Auto-off timer after 60 minutes"],
        "desc": ["Good lighting makes long evenings at the desk far less tiring.",
                 "The warm setting is gentle for reading, while the cool setting is crisp for detailed work.",
                 "A weighted base keeps it stable without needing a clamp.",
                 "It uses under 10 watts at full brightness."],
        "specs": ["Power: 9 W", "Lumens: 600", "Weight: {w} g", "CRI: > 90"],
    },
    {
        "type": "Two-Person Tent", "models": ["Trekker 2", "Bivvy Lite", "Meadow 2P", "Storm Shelter"],
        "price": (79, 399),
        "features": ["Freestanding design that pitches in under five minutes",
                     "Two doors and two porches so nobody climbs over anyone",
                     "{hh} mm hydrostatic head flysheet with taped seams",
                     "Colour-coded poles and clips",
                     "Mesh inner for ventilation on warm nights",
                     "Packs down to the size of a rolled sleeping mat"],
        "desc": ["Light enough for backpacking, roomy enough that two people don't feel cramped.",
                 "The inner and fly can be pitched together, which keeps the inside dry when setting up in rain.",
                 "Guy lines with reflective thread make it easy to find your tent at night.",
                 "Inside pockets keep torches and glasses off the floor."],
        "specs": ["Packed weight: {w} g", "Floor area: 2.9 m²", "Peak height: 105 cm", "Season rating: 3-season"],
    },
    {
        "type": "Mechanical Keyboard", "models": ["K75 Wireless", "Type One", "Clack TKL", "Flux 65"],
        "price": (49, 219),
        "features": ["Hot-swappable switches, no soldering required",
                     "Gasket-mounted plate for a softer, quieter typing feel",
                     "Wired USB-C, Bluetooth and 2.4 GHz wireless",
                     "PBT double-shot keycaps that won't go shiny",
                     "Mac and Windows layouts included",
                     "Per-key RGB backlighting with an off switch"],
        "desc": ["A compact layout frees up desk space for your mouse without losing the arrow keys.",
                 "Pre-lubricated linear switches feel smooth straight out of the box.",
                 "Battery life ranges from a few weeks with lighting off to a few days with it on.",
                 "Open-source firmware lets you remap any key."],
        "specs": ["Layout: 75%", "Battery: 4000 mAh", "Weight: {w} g", "Switches: linear, pre-lubed"],
    },
    {
        "type": "Insulated Water Bottle", "models": ["Flask 750", "Summit 1L", "Daily 500", "Coldkeeper"],
        "price": (15, 49),
        "features": ["Keeps drinks cold for 24 hours or hot for 12",
                     "Double-wall vacuum-insulated stainless steel",
                     "Leak-proof lid with a carry loop",
                     "Wide mouth fits ice cubes and is easy to clean",
                     "Powder-coated finish that won't sweat",
                     "BPA-free lid"],
        "desc": ["Fill it with ice water in the morning and it will still be cold on the drive home.",
                 "It fits most car cup holders and bike bottle cages.",
                 "Hand-wash only, because the dishwasher can damage the vacuum seal.",
                 "Available in six colours."],
        "specs": ["Capacity: {ml} ml", "Weight: {w} g", "Height: 26 cm", "Material: 18/8 stainless steel"],
    },
]

REVIEWS = [
    ("★★★★★", "Exactly as described. Arrived a day early and works perfectly."),
    ("★★★★☆", "Really good for the price, though the instructions could be clearer."),
    ("★★★★★", "Third one I've bought - one for me and two as gifts. No complaints."),
    ("★★★☆☆", "Does the job, but it feels a bit cheaper than the photos suggest."),
    ("★★★★☆", "Solid build quality. Took a little while to get used to."),
    ("★★☆☆☆", "Mine stopped working after four months. Customer service replaced it quickly though."),
    ("★★★★★", "Honestly one of the best purchases I've made this year."),
    ("★★★★☆", "Great, but I wish it came in more colours."),
    ("★★★★★", "Used it every day for six months and it still looks new."),
    ("★★★☆☆", "Fine. Nothing special, nothing terrible."),
    ("★★★★☆", "Good value. Shipping to Zürich took ten days."),
    ("★★★★★", "Très bien, exactly what I was looking for 👍"),
]
PRODUCT_NOISE = [
    "Add to Cart", "Add to Wishlist ♡", "Buy Now", "Free shipping on orders over $50!",
    "Only {n} left in stock - order soon.", "Compare", "Write a review",
    "Customers also bought:", "Frequently bought together", "Sign in for the best experience",
    "Klarna. Pay in 3 interest-free instalments.", "Ask a question",
    "Was this review helpful? Yes ({n}) No", "Report", "Sort by: Most recent ▾",
    "Secure checkout 🔒", "In stock - ships within 24 hours",
]


# --------------------------------------------------------------------------
# News stories (templates)
# --------------------------------------------------------------------------

NEWS_STORIES = [
    {
        "title": "{town} Council Approves New Cycle Lanes After Heated Meeting",
        "paras": [
            "{town} council voted {a} to {b} on {weekday} night to approve a network of protected cycle lanes through the town centre.",
            "The plan, which will cost an estimated £{m} million, includes {k} kilometres of segregated lanes and new crossings near two primary schools.",
            "Councillor {person}, who proposed the scheme, said it would make the streets safer for everyone, \"not just people on bikes\".",
            "Some shop owners on the high street fear that the loss of parking spaces will hurt trade.",
            "\"We are not against cycling, but most of our customers drive in from the villages,\" said {person2}, who runs a hardware shop on Market Street.",
            "Work is expected to begin in {month} and to take around eighteen months.",
            "A public consultation drew more than {n} responses, the highest number the council has ever received.",
            "Cycling groups welcomed the decision but said the lanes must connect to the railway station to be useful.",
            "The council will publish detailed drawings for each street before any work starts.",
        ],
    },
    {
        "title": "Historic {town} Library Reopens After Two-Year Restoration",
        "paras": [
            "The Victorian library on {street} reopened its doors on {weekday} after a restoration costing £{m} million.",
            "Builders repaired the leaking roof, restored the original oak shelving and installed a lift for the first time.",
            "A new children's room and a small café have been added in what used to be the caretaker's flat.",
            "\"People queued round the block this morning,\" said head librarian {person}. \"It was quite emotional.\"",
            "The library now opens until 8 p.m. on weekdays, and membership remains free for residents.",
            "More than {n} volunteers helped move and catalogue the collection during the works.",
            "Among the first visitors was a retired teacher who had borrowed her first book there in the 1950s.",
            "A local history room now displays photographs of the building from every decade since it opened.",
        ],
    },
    {
        "title": "Storm Warning Issued as Heavy Rain Heads for the Coast",
        "paras": [
            "Forecasters have issued an amber warning for heavy rain and strong winds across the coast from {weekday} evening.",
            "Up to {k}0 mm of rain could fall in some places, with gusts of up to {g} mph on exposed headlands.",
            "Residents of low-lying streets in {town} have been advised to move valuables upstairs and to check on elderly neighbours.",
            "Ferry services are likely to be cancelled, and drivers are being urged to avoid unnecessary journeys.",
            "\"The ground is already saturated after a wet month, so flooding is a real risk,\" said meteorologist {person}.",
            "Sandbags are available from the council depot until 6 p.m. on {weekday}.",
            "Schools will decide in the morning whether to open, and parents are asked to check their websites.",
            "The weather is expected to settle by the weekend, with sunshine and lighter winds.",
        ],
    },
    {
        "title": "{town} Rovers Snatch Late Win in Cup Thriller",
        "paras": [
            "{town} Rovers came from behind to beat {town2} Athletic {a}-{b} in a dramatic cup tie on {weekday}.",
            "The visitors led at half-time after a well-worked goal from their captain.",
            "Substitute {person} levelled with twenty minutes to go, and the winner came deep into stoppage time.",
            "\"The lads never gave up. That's the spirit we've been building all season,\" said manager {person2}.",
            "A crowd of {n} packed into the ground, the biggest attendance in more than a decade.",
            "Rovers will face a trip to the league leaders in the next round.",
            "The home side's goalkeeper made three fine saves to keep them in the game before the break.",
            "Tickets for the next round go on sale to season-ticket holders on Monday morning.",
        ],
    },
    {
        "title": "Researchers Find Rare Orchid Thought Lost for Decades",
        "paras": [
            "A team of botanists has found a small population of an orchid that had not been recorded in the region since {year}.",
            "The plants were spotted on a chalk slope near {town} during a routine survey in {month}.",
            "\"I had to sit down for a minute when I realised what I was looking at,\" said Dr {person}, who led the survey.",
            "The orchid flowers for only a few weeks in early summer, which makes it easy to overlook.",
            "Its decline was blamed on the ploughing of old grassland and on the loss of grazing animals that kept scrub in check.",
            "The exact location is being kept secret to protect the plants from collectors.",
            "The landowner has agreed to delay mowing the slope until the seeds have ripened.",
            "Volunteers will return next year to count the plants and check whether the population is growing.",
        ],
    },
    {
        "title": "Family Bakery Celebrates {k}0 Years on the High Street",
        "paras": [
            "{person}'s bakery on {street} has been selling bread to {town} since {year}, and on {weekday} it threw a party to celebrate.",
            "Customers were offered free slices of the bakery's famous seeded loaf and a cake shaped like the original shopfront.",
            "The business is now run by the third generation of the family.",
            "\"Grandad still comes in at five in the morning to check the ovens,\" said {person2}, who took over in {year2}.",
            "Despite rising energy costs, the bakery has no plans to change its recipes or its opening hours.",
            "Several regulars said they had been buying their bread there for more than forty years.",
            "The original wood-fired oven was replaced in the 1980s, but the recipe for the seeded loaf has not changed.",
            "Staff plan to raise money for the local hospice by selling a special anniversary cake all month.",
        ],
    },
    {
        "title": "New Bus Timetable Leaves Villages Without Evening Service",
        "paras": [
            "Villages to the north of {town} will lose their last evening buses when a new timetable starts in {month}.",
            "The operator says the later services carry an average of fewer than {k} passengers each.",
            "Parents say teenagers will no longer be able to get home from college or part-time jobs.",
            "\"For anyone without a car, this cuts them off after six o'clock,\" said parish councillor {person}.",
            "The county council said it was looking at a community minibus scheme to fill the gap.",
            "A petition against the changes has collected more than {n} signatures.",
            "Shift workers at the hospital say they will have to pay for taxis home after late shifts.",
            "The operator said the morning and daytime services would run more often under the new timetable.",
        ],
    },
    {
        "title": "Volunteers Plant {n} Trees Along the River",
        "paras": [
            "More than two hundred volunteers turned out on {weekday} to plant trees along the riverbank in {town}.",
            "The native species, including alder, willow and hawthorn, will help stabilise the bank and provide shade for fish.",
            "The project is part of a wider scheme to reduce flooding downstream.",
            "\"It's lovely to see so many families here, muddy and happy,\" said organiser {person}.",
            "Local schools will each adopt a section of the riverbank and monitor how the saplings grow.",
            "A second planting day is planned for {month}.",
            "Each sapling was protected with a biodegradable guard to keep rabbits and deer away.",
            "Anglers say fish numbers in this stretch have fallen sharply over the last twenty years.",
        ],
    },
]
STREETS = ["Market Street", "Church Lane", "Station Road", "Bridge Street", "Mill Lane",
           "Queen's Parade", "Harbour Row", "Castle Hill"]
NEWS_NOISE = [
    "BREAKING", "Most read", "Listen to this article ▶ 4 min",
    "Sign up to our free morning briefing", "Follow {site} on WhatsApp",
    "Image caption: Photo supplied", "Get in touch: news@{domain}",
    "Support local journalism. Subscribe from £1 a week.",
    "This article is more than {n} years old",
]

# Sentences an expert adds when rewriting more than it should (big_rewrite).
EXPERT_INSERTIONS = [
    "In summary, the advice above applies to most situations a beginner will encounter.",
    "The following text has been cleaned of navigation and advertising material.",
    "Overall, patience and consistency matter more than expensive equipment.",
    "Note: some details in this article may be out of date.",
    "This guide explains the key points in a clear, step-by-step way.",
    "The main takeaway is to start small and build up gradually.",
    "Below is a summary of the most important points discussed.",
    "Readers should consult a qualified professional where appropriate.",
    "The article was originally published on a personal blog.",
    "These recommendations are based on widely accepted best practice.",
]

TYPO_PAIRS = [("the", "teh"), ("receive", "recieve"), ("separate", "seperate"),
              ("definitely", "definately"), ("their", "thier"), ("because", "becuase"),
              ("which", "wich"), ("occurred", "occured"), ("address", "adress"),
              ("environment", "enviroment"), ("weather", "wether"), ("should", "shoud"),
              ("little", "litle"), ("friends", "freinds"), ("minutes", "minuets"),
              ("before", "befor"), ("about", "abuot")]


# --------------------------------------------------------------------------
# Non-English documents
# --------------------------------------------------------------------------

LANGS = {
    "fr": {
        "nav": ["Accueil | Recettes | Voyages | Contact | Connexion", "Aller au contenu principal",
                "Accueil › Cuisine › Desserts"],
        "cookie": ["Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre navigation, vous acceptez leur utilisation. Accepter | Refuser"],
        "ad": ["Publicité", "Sponsorisé : Découvrez nos offres d'été jusqu'à -50 %"],
        "share": ["Partager sur Facebook Twitter Pinterest", "Partager : ✉ Email | 🖨 Imprimer"],
        "comments": ["{n} commentaires", "Laisser un commentaire"],
        "time": ["Publié le {d} {mois} {y} à {hh}h{mi}", "Mis à jour le {dd}/{mm}/{y}"],
        "footer": ["© {y} {site}. Tous droits réservés.", "Mentions légales | Politique de confidentialité | Plan du site"],
        "related": ["Articles similaires :", "À lire aussi"],
        "site": ["La Petite Cuisine", "Carnets de Route", "Le Jardin de Mathilde"],
        "docs": [
            {"title": "Les crêpes de la Chandeleur",
             "sentences": ["Les crêpes sont incontournables le 2 février, jour de la Chandeleur.",
                           "Mélangez la farine, les œufs et une pincée de sel, puis ajoutez le lait petit à petit.",
                           "Laissez reposer la pâte une heure : elle sera plus souple et les crêpes plus fines.",
                           "Faites chauffer une poêle légèrement beurrée à feu vif.",
                           "Versez une petite louche de pâte et inclinez la poêle pour bien l'étaler.",
                           "Retournez la crêpe dès que les bords se détachent et qu'elle est dorée.",
                           "Servez avec du sucre, de la confiture ou une pâte à tartiner maison.",
                           "La première crêpe est souvent ratée ; c'est normal, c'est celle du cuisinier !",
                           "Pour une version salée, essayez jambon, œuf et gruyère râpé.",
                           "On dit qu'il faut faire sauter la première crêpe en tenant une pièce dans l'autre main pour avoir de la chance toute l'année."]},
            {"title": "Un week-end à Lyon, entre traboules et bouchons",
             "sentences": ["Lyon se découvre à pied, en flânant entre la Presqu'île et le Vieux-Lyon.",
                           "Les traboules sont des passages qui traversent les immeubles d'une rue à l'autre.",
                           "Montez à Fourvière en funiculaire pour profiter de la vue sur toute la ville.",
                           "Les bouchons lyonnais servent une cuisine généreuse : quenelles, saucisson brioché, tarte aux pralines.",
                           "Réservez votre table le samedi soir, car les meilleures adresses sont vite complètes.",
                           "Le marché Saint-Antoine, le long de la Saône, est animé tous les matins sauf le lundi.",
                           "La Fête des Lumières, début décembre, attire des centaines de milliers de visiteurs.",
                           "Les transports en commun sont efficaces et un ticket 24 heures est très pratique.",
                           "N'oubliez pas de goûter une praline rose chez un artisan pâtissier."]},
        ],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"],
    },
    "de": {
        "nav": ["Startseite | Über uns | Kontakt | Anmelden", "Zum Inhalt springen", "Startseite » Ratgeber » Fahrrad"],
        "cookie": ["Diese Website verwendet Cookies. Wenn Sie die Seite weiter nutzen, stimmen Sie der Verwendung zu. Akzeptieren | Einstellungen"],
        "ad": ["Anzeige", "ANZEIGE", "Gesponsert: Jetzt Ökostrom-Tarife vergleichen und sparen"],
        "share": ["Teilen auf Facebook Twitter WhatsApp", "Artikel teilen: ✉ E-Mail | Link kopieren"],
        "comments": ["{n} Kommentare", "Kommentar schreiben"],
        "time": ["Veröffentlicht am {d}. {monat} {y}, {hh}:{mi} Uhr", "Aktualisiert: {dd}.{mm}.{y}"],
        "footer": ["© {y} {site} – Alle Rechte vorbehalten.", "Impressum | Datenschutz | AGB | Kontakt"],
        "related": ["Das könnte Sie auch interessieren:", "Ähnliche Artikel"],
        "site": ["Radwerkstatt Blog", "Gartenzeit", "Alltagsratgeber"],
        "docs": [
            {"title": "Fahrradkette richtig reinigen und ölen",
             "sentences": ["Eine saubere Kette läuft leiser, schaltet präziser und hält deutlich länger.",
                           "Wischen Sie die Kette nach jeder Regenfahrt mit einem trockenen Lappen ab.",
                           "Für hartnäckigen Schmutz eignet sich ein spezieller Kettenreiniger mit Bürsten.",
                           "Geben Sie anschließend einen Tropfen Öl auf jedes Kettenglied.",
                           "Überschüssiges Öl sollte nach ein paar Minuten abgewischt werden, sonst bindet es Staub.",
                           "Mit einer Kettenverschleißlehre prüfen Sie, ob die Kette gelängt ist.",
                           "Eine rechtzeitig getauschte Kette schont Ritzel und Kettenblätter.",
                           "Im Winter greift Streusalz die Kette besonders stark an.",
                           "Verwenden Sie niemals einen Hochdruckreiniger direkt auf Lager und Kette."]},
            {"title": "Tomaten auf dem Balkon ziehen",
             "sentences": ["Tomaten brauchen einen sonnigen, windgeschützten Platz.",
                           "Ein Kübel mit mindestens 20 Litern Erde ist ideal.",
                           "Gießen Sie regelmäßig und möglichst morgens, direkt auf die Erde statt auf die Blätter.",
                           "Geizen Sie Stabtomaten aus, damit die Pflanze ihre Kraft in die Früchte steckt.",
                           "Ab der ersten Blüte freuen sich die Pflanzen über wöchentlichen Tomatendünger.",
                           "Ein kleines Regendach schützt vor der gefürchteten Kraut- und Braunfäule.",
                           "Cocktailtomaten sind besonders pflegeleicht und tragen reichlich.",
                           "Grüne Früchte reifen im Herbst auch auf der Fensterbank nach."]},
        ],
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                   "September", "Oktober", "November", "Dezember"],
    },
    "es": {
        "nav": ["Inicio | Blog | Destinos | Contacto | Iniciar sesión", "Saltar al contenido", "Inicio » Viajes » España"],
        "cookie": ["Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si continúa navegando, consideramos que acepta su uso. Aceptar | Más información"],
        "ad": ["Publicidad", "Patrocinado: Vuelos baratos a Canarias desde 29 €"],
        "share": ["Compartir en Facebook Twitter WhatsApp", "Comparte este artículo"],
        "comments": ["{n} comentarios", "Deja un comentario"],
        "time": ["Publicado el {d} de {mes} de {y}", "Actualizado: {dd}/{mm}/{y} {hh}:{mi}"],
        "footer": ["© {y} {site}. Todos los derechos reservados.", "Aviso legal | Política de privacidad | Cookies"],
        "related": ["Artículos relacionados:", "También te puede interesar"],
        "site": ["Mochila y Mapa", "Cocina de Abuela", "Rutas del Sur"],
        "docs": [
            {"title": "Qué ver en Sevilla en dos días",
             "sentences": ["Sevilla es una ciudad para recorrer a pie, sin prisas y con paradas frecuentes para tomar algo.",
                           "El Real Alcázar merece al menos tres horas; compra la entrada por internet.",
                           "Sube a la Giralda por sus rampas, pensadas para que se pudiera subir a caballo.",
                           "El barrio de Santa Cruz es un laberinto de callejuelas, patios y plazas con naranjos.",
                           "Por la tarde, cruza el puente de Triana y busca un bar de tapas junto al río.",
                           "La Plaza de España es espectacular al atardecer.",
                           "En verano las temperaturas superan los 40 °C, así que planifica las visitas por la mañana.",
                           "No te vayas sin probar el salmorejo y unas espinacas con garbanzos.",
                           "Muchos monumentos tienen entrada gratuita a ciertas horas de la semana."]},
            {"title": "Tortilla de patatas, la receta de mi abuela",
             "sentences": ["La tortilla de patatas es sencilla, pero el secreto está en la paciencia.",
                           "Corta las patatas en láminas finas y la cebolla en juliana.",
                           "Confítalas a fuego lento en abundante aceite de oliva durante unos veinte minutos.",
                           "Escúrrelas bien y mézclalas con los huevos batidos y una pizca de sal.",
                           "Deja reposar la mezcla diez minutos para que la patata absorba el huevo.",
                           "Cuaja la tortilla a fuego medio y dale la vuelta con ayuda de un plato.",
                           "A mí me gusta jugosa por dentro, pero cada familia tiene su punto.",
                           "Con cebolla o sin cebolla: un debate que nunca termina."]},
        ],
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"],
    },
    "ja": {
        "nav": ["ホーム | ブログ | お問い合わせ | ログイン", "メインコンテンツへスキップ", "ホーム > 旅行 > 京都"],
        "cookie": ["当サイトではCookieを使用しています。サイトを閲覧し続けることで、Cookieの使用に同意したものとみなされます。［同意する］"],
        "ad": ["広告", "スポンサーリンク", "PR：今なら送料無料キャンペーン実施中！"],
        "share": ["シェアする: Twitter Facebook LINE はてブ", "この記事をシェア"],
        "comments": ["コメント（{n}件）", "コメントを書く"],
        "time": ["{y}年{m}月{d}日 {hh}:{mi} 公開", "最終更新日：{y}/{mm}/{dd}"],
        "footer": ["© {y} {site} All Rights Reserved.", "プライバシーポリシー | 利用規約 | サイトマップ"],
        "related": ["関連記事：", "あわせて読みたい"],
        "site": ["ゆる旅ノート", "おうちごはん日記", "週末さんぽ"],
        "docs": [
            {"title": "京都の朝さんぽ：伏見稲荷から東福寺へ",
             "sentences": ["朝七時前の伏見稲荷大社は、観光客も少なくとても静かです。",
                           "千本鳥居をくぐりながら、ゆっくりと山を登っていきました。",
                           "四ツ辻からは京都の街並みが一望できます。",
                           "下山したあとは、歩いて東福寺まで向かいました。",
                           "秋の通天橋は紅葉がとても美しく、混雑する前に訪れるのがおすすめです。",
                           "途中の小さな喫茶店で、あたたかい抹茶ラテをいただきました。",
                           "歩きやすい靴と、小銭を少し持っていくと便利です。",
                           "京都の朝は空気が澄んでいて、一日の始まりにぴったりでした。"]},
            {"title": "はじめての味噌汁の作り方",
             "sentences": ["味噌汁は、だしと味噌があれば簡単に作れます。",
                           "昆布とかつお節でだしを取ると、香りがぐっと良くなります。",
                           "具材は豆腐、わかめ、ねぎなど、冷蔵庫にあるもので大丈夫です。",
                           "味噌は火を止めてから溶き入れるのがポイントです。",
                           "沸騰させると風味が飛んでしまうので注意しましょう。",
                           "白味噌と赤味噌を合わせると、味に深みが出ます。",
                           "忙しい朝は、だしパックを使うと時短になります。"]},
        ],
        "months": None,
    },
    "zh": {
        "nav": ["首页 | 关于我们 | 联系我们 | 登录", "跳到主要内容", "首页 > 技术 > Python"],
        "cookie": ["本网站使用Cookie以提升您的浏览体验。继续浏览即表示您同意我们使用Cookie。【接受】"],
        "ad": ["广告", "推广：限时优惠，新用户首月仅需 9.9 元！"],
        "share": ["分享到：微信 微博 QQ空间", "分享本文"],
        "comments": ["评论（{n}）", "发表评论"],
        "time": ["发布于 {y}-{mm}-{dd} {hh}:{mi}", "更新时间：{y}年{m}月{d}日"],
        "footer": ["版权所有 © {y} {site}", "隐私政策 | 用户协议 | 网站地图"],
        "related": ["相关文章：", "猜你喜欢"],
        "site": ["码农笔记", "生活小技巧", "园艺之家"],
        "docs": [
            {"title": "Python 虚拟环境入门",
             "sentences": ["虚拟环境可以让每个项目拥有独立的依赖包，避免版本冲突。",
                           "在项目目录下运行 python3 -m venv .venv 即可创建虚拟环境。",
                           "在 Linux 和 macOS 上，使用 source .venv/bin/activate 激活环境。",
                           "激活之后，用 pip 安装的包只会出现在这个环境里。",
                           "建议把依赖写进 requirements.txt，方便其他人复现。",
                           "不要把 .venv 目录提交到 Git 仓库，应该写进 .gitignore。",
                           "退出虚拟环境只需要运行 deactivate 命令。",
                           "如果项目需要不同的 Python 版本，可以考虑使用 pyenv。"]},
            {"title": "阳台种菜的五个小建议",
             "sentences": ["阳台种菜最重要的是光照，每天至少需要四到六个小时的阳光。",
                           "新手可以从生菜、小葱和薄荷开始，这些植物生长快、容易照顾。",
                           "花盆底部一定要有排水孔，防止积水烂根。",
                           "浇水要见干见湿，不要每天都浇。",
                           "厨房里的淘米水和果皮可以发酵成简单的有机肥。",
                           "夏天中午阳光太强时，可以用遮阳网保护幼苗。",
                           "定期观察叶子背面，及时发现蚜虫等害虫。"]},
        ],
        "months": None,
    },
}


# --------------------------------------------------------------------------
# Site names
# --------------------------------------------------------------------------

SITE_NAMES = {
    "Baking": ["The Crumb Diaries", "Flour & Fire", "Proof Positive"],
    "Garden": ["GreenThumb Weekly", "The Muddy Trowel", "Allotment Notes", "Leaf & Loam"],
    "Tech": ["ByteSized Tech", "The Patch Notes", "Kernel Panic Blog", "HomeLab Hub"],
    "Health": ["Well & Good Daily", "Stride Magazine", "The Rested Mind"],
    "Money": ["The Frugal Fox", "Pocket Sense", "Plain Money"],
    "Outdoors": ["Trail & Tide", "The Spoke Shop Blog", "Wild Margins", "Ridgeline Journal"],
    "Food & Drink": ["Kitchen Notes", "The Daily Grind", "Salt & Supper"],
    "Hobbies": ["Aperture Club", "Meeple Monthly", "The Weekend Hobbyist"],
    "Science": ["Curious Planet", "Skyward", "The Explainer"],
    "History": ["Past Imperfect", "Old Stones", "History Unboxed"],
    "Home": ["The Handy Home", "Warm House Project", "Fix It Friday"],
    "Pets": ["Good Dog Journal", "Fins & Fronds", "The Pet Desk"],
    "Travel": ["Wander Slowly", "Two Tickets Please", "The Long Way Round"],
    "Culture": ["Dog-Eared Pages", "The Reading Nook", "Shelf Life"],
    "Recipes": ["Salt & Supper", "Kitchen Notes", "The Hungry Ladle", "Home Cook Diaries"],
    "Shop": ["The Gear Loft", "Brightwell Store", "Outpost Supply Company", "Daily Goods"],
    "News": ["The {town} Gazette", "{town} Herald", "{town} Evening Post", "The {town} Chronicle"],
    "Forum": ["{sub} Forum", "{sub} Talk", "The {sub} Community", "{sub}Chat Boards"],
}

EXTRA_ENGLISH_TAGS = ["tips", "guide", "how-to", "beginners", "weekend", "2023", "DIY", "lifestyle"]

FORUM_DETAILS = [
    "It's been like this for about {k} weeks now.",
    "I've attached a photo below.",
    "Any advice appreciated!",
    "Thanks in advance.",
    "Budget is tight, so I'd rather not buy anything new if I can avoid it.",
    "Before anyone asks: yes, I've already searched the forum.",
    "I'm a complete beginner, so go easy on me 😅",
    "Edit: forgot to mention I'm in {town}, if that matters.",
    "Everything I read online contradicts everything else.",
    "I followed a video tutorial to the letter and it still went wrong.",
]


# --------------------------------------------------------------------------
# Document model
# --------------------------------------------------------------------------

class Line:
    __slots__ = ("kind", "pieces", "orig_override", "insert_after", "protected")

    def __init__(self, kind, pieces):
        self.kind = kind            # "content", "noise" or "blank"
        self.pieces = pieces        # [(text, keep)]
        self.orig_override = None   # original text when the expert corrected it
        self.insert_after = None    # a line the expert inserted after this one
        self.protected = False      # no inline junk here (next to an expert edit)

    def orig(self):
        if self.orig_override is not None:
            return self.orig_override
        return "".join(t for t, _ in self.pieces)

    def kept(self):
        return "".join(t for t, k in self.pieces if k)

    def single_clean_piece(self):
        return (self.kind == "content" and len(self.pieces) == 1
                and self.pieces[0][1] and self.orig_override is None and not self.protected)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def slug(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


class Doc:
    """Collects lines for one document and fills placeholders consistently."""

    def __init__(self, rng, decks, noisy, lang="en"):
        self.rng = rng
        self.decks = decks
        self.noisy = noisy
        self.lang = lang
        self.lines = []
        self.noise_kinds = []
        self.cache = {}
        self.title = ""
        self.sec = "Blog"
        self.sub = "General"
        self.tags = list(EXTRA_ENGLISH_TAGS)
        self.site = "Notes"
        self.blank_sep = rng.random() < 0.82
        self.smart_quotes = rng.random() < 0.15
        # How noisy this page is (probabilities per opportunity).
        self.block_noise = rng.choice([0.1, 0.2, 0.3, 0.45])
        self.inline_rate = rng.choice([0.0, 0.0, 0.04, 0.08, 0.15])
        self.allow_p_wrap = True
        self.wrapped = False        # paragraphs hard-wrapped at a fixed width
        self.repeated_junk = 0      # lines carrying the same junk twice

    # -- placeholders --------------------------------------------------------
    def val(self, key):
        if key == "n":
            return str(self.rng.randint(2, 480))
        if key == "user":
            return self.rng.choice(USERNAMES)
        if key in self.cache:
            return self.cache[key]
        rng = self.rng
        if key in ("y", "m", "d", "Month", "Mon", "mm", "dd", "mois", "monat", "mes"):
            y, m, d = a_date(rng)
            self.cache.update({
                "y": str(y), "m": str(m), "d": str(d), "mm": "%02d" % m, "dd": "%02d" % d,
                "Month": MONTHS[m - 1], "Mon": MONTHS_SHORT[m - 1],
                "mois": LANGS["fr"]["months"][m - 1], "monat": LANGS["de"]["months"][m - 1],
                "mes": LANGS["es"]["months"][m - 1]})
            return self.cache[key]
        if key in ("hh", "mi", "h", "h12", "ampm"):
            hh = rng.randint(6, 22)
            self.cache.update({"hh": "%02d" % hh, "mi": "%02d" % rng.randint(0, 59),
                               "h": str(rng.randint(1, 23)), "h12": str((hh - 1) % 12 + 1),
                               "ampm": "AM" if hh < 12 else "PM"})
            return self.cache[key]
        if key in ("person", "person2"):
            p1 = person(rng)
            p2 = person(rng)
            while p2.split()[1] == p1.split()[1]:
                p2 = person(rng)
            self.cache.update({"person": p1, "person2": p2})
            return self.cache[key]
        if key in ("town", "town2"):
            t1, t2 = rng.sample(TOWNS, 2)
            self.cache.update({"town": t1, "town2": t2})
            return self.cache[key]
        if key in ("a", "b"):
            a = rng.randint(2, 5)
            self.cache.update({"a": str(a), "b": str(a - 1)})
            return self.cache[key]
        simple = {
            "weekday": lambda: rng.choice(WEEKDAYS),
            "rm": lambda: str(rng.randint(3, 14)),
            "site": lambda: self.site,
            "domain": lambda: slug(self.site) + rng.choice([".com", ".net", ".co.uk", ".org", ".blog"]),
            "handle": lambda: slug(self.site)[:18],
            "product": lambda: rng.choice(["Bloomly", "Skillsy", "Notewise", "FreshBox", "Lingualoop"]),
            "title": lambda: self.title,
            "sec": lambda: self.sec,
            "sub": lambda: self.sub,
            "t1": lambda: self.tags[0],
            "t2": lambda: self.tags[1],
            "t3": lambda: self.tags[2],
            "season": lambda: rng.choice(SEASONS),
            "year": lambda: str(rng.randint(1961, 2012)),
            "year2": lambda: str(rng.randint(2013, 2021)),
            "month": lambda: rng.choice(MONTHS),
            "street": lambda: rng.choice(STREETS),
            "k": lambda: str(rng.randint(3, 9)),
            "yrs": lambda: str(rng.randint(4, 25)),
            "pyear": lambda: str(rng.randint(2008, 2019)),
            "g": lambda: str(rng.randint(55, 80)),
        }
        if key in simple:
            self.cache[key] = simple[key]()
            return self.cache[key]
        raise KeyError(key)

    def fill(self, s, extra=None):
        def rep(m):
            key = m.group(1)
            if extra and key in extra:
                return str(extra[key])
            return self.val(key)
        return PLACEHOLDER.sub(rep, s)

    # -- lines ----------------------------------------------------------------
    def mark(self, kind):
        if kind not in self.noise_kinds:
            self.noise_kinds.append(kind)

    def k(self, text, extra=None):
        text = self.fill(text, extra)
        if self.smart_quotes:
            text = smarten(text)
        self.lines.append(Line("content", [(text, True)]))

    def n(self, kind, text, extra=None):
        if not self.noisy:
            return
        for part in self.fill(text, extra).split("\n"):
            self.lines.append(Line("noise", [(part, False)]))
        self.mark(kind)

    def blank(self):
        self.lines.append(Line("blank", [("", True)]))

    def sep(self):
        if self.blank_sep and self.lines and self.lines[-1].kind != "blank":
            self.blank()

    def take(self, key, pool, k):
        return self.decks.take(key, pool, k)


def smarten(text):
    """Typographic quotes, as many CMSs produce them."""
    out = []
    open_q = True
    for i, ch in enumerate(text):
        if ch == '"':
            out.append("“" if open_q else "”")
            open_q = not open_q
        elif ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            out.append("’")
        else:
            out.append(ch)
    return "".join(out)


class Decks:
    """Shuffled decks of sentences per topic, so that consecutive documents on
    the same topic use different sentences before any is reused."""

    def __init__(self, rng):
        self.rng = rng
        self.decks = {}

    def take(self, key, pool, k):
        k = min(k, len(pool))
        out = []
        guard = 0
        while len(out) < k and guard < 10 * len(pool) + 10:
            guard += 1
            deck = self.decks.get(key)
            if not deck:
                deck = list(pool)
                self.rng.shuffle(deck)
                self.decks[key] = deck
            s = deck.pop()
            if s not in out:
                out.append(s)
        return out


# --------------------------------------------------------------------------
# Shared page furniture
# --------------------------------------------------------------------------

def choose_site(doc, section):
    names = SITE_NAMES.get(section) or SITE_NAMES["Culture"]
    doc.site = doc.fill(doc.rng.choice(names))


def header(doc):
    """Navigation, breadcrumbs, cookie banners, HTML debris at the top."""
    rng = doc.rng
    if not doc.noisy:
        return
    items = []
    if rng.random() < 0.35:
        items.append(("nav", rng.choice(["Skip to main content", "Skip to content", "Toggle navigation"])))
    if rng.random() < 0.2:
        items.append(("html", rng.choice(["<!-- end header -->", '<div id="masthead">', "<!-- sidebar -->"])))
    if rng.random() < 0.4:
        items.append(("nav", doc.site))
    if rng.random() < 0.8:
        items.append(("nav", rng.choice(NAV_LINES)))
    if rng.random() < 0.45:
        items.append(("breadcrumb", rng.choice(BREADCRUMB_FORMS)))
    if rng.random() < 0.3:
        items.append(("cookie", rng.choice(COOKIE_LINES)))
    if rng.random() < 0.15:
        items.append(("nav", rng.choice(["Search this site...", "Search ⌕", "Menu ☰"])))
    if not items:
        items.append(("nav", rng.choice(NAV_LINES)))
    for kind, text in items:
        doc.n(kind, text)
    if rng.random() < 0.6:
        doc.sep()


def title_line(doc, title):
    rng = doc.rng
    style = rng.random()
    text = title
    if style < 0.2:
        text = "# " + title
    elif style < 0.3:
        text = title.upper() if len(title) < 50 else title
    doc.k(text)
    if doc.noisy and rng.random() < 0.15:
        # "Title | Site" as scraped from <title>: the suffix is noise.
        last = doc.lines[-1]
        suffix = rng.choice([" | ", " - ", " – ", " :: "]) + doc.site
        last.pieces.append((suffix, False))
        doc.mark("inline")


def ad_block(doc):
    rng = doc.rng
    r = rng.random()
    if r < 0.35:
        doc.n("ad", rng.choice(["Advertisement", "ADVERTISEMENT", "Advertisement - Continue Reading Below"]))
    elif r < 0.6:
        doc.n("html", rng.choice(['<div class="ad">', '<div class="ad-slot" id="ad-{n}">']))
        doc.n("ad", rng.choice(AD_LINES))
        doc.n("html", "</div>")
    elif r < 0.8:
        doc.n("ad", rng.choice(AD_LINES))
    else:
        doc.n("html", rng.choice(HTML_LINES))


def mid_noise(doc):
    """Something between two content blocks."""
    if not doc.noisy or doc.rng.random() >= doc.block_noise:
        return
    rng = doc.rng
    r = rng.random()
    doc.sep()
    if r < 0.45:
        ad_block(doc)
    elif r < 0.6:
        doc.n("share", rng.choice(SHARE_LINES))
    elif r < 0.72:
        doc.n("html", rng.choice(HTML_LINES))
    elif r < 0.82:
        doc.n("readmore", rng.choice(READ_MORE_LINES))
    elif r < 0.92:
        doc.n("newsletter", rng.choice(NEWSLETTER_LINES))
    else:
        doc.n("timestamp", rng.choice(TIMESTAMP_FORMS))
    doc.sep()


def other_titles(doc, k):
    pool = []
    for t in TOPICS:
        pool.extend(t["titles"])
    pool = [t for t in pool if t != doc.title]
    return doc.rng.sample(pool, k)


def related_block(doc):
    rng = doc.rng
    doc.n("related", rng.choice(RELATED_HEADERS))
    bullet = rng.choice(["- ", "• ", "» ", "", "→ "])
    for t in other_titles(doc, rng.randint(2, 5)):
        suffix = rng.choice(["", "", " ({n} comments)", " - {Mon} {d}, {y}"])
        doc.n("related", bullet + t + suffix)


def footer(doc):
    rng = doc.rng
    if not doc.noisy:
        return
    doc.sep()
    if rng.random() < 0.35:
        doc.n("share", rng.choice(SHARE_LINES))
    if rng.random() < 0.3:
        doc.n("tags", rng.choice(TAG_FORMS))
    if rng.random() < 0.35:
        doc.n("comments", rng.choice(COMMENT_LINES))
    if rng.random() < 0.2 and doc.blank_sep and rng.random() < 0.5:
        doc.blank()
        doc.blank()
    if rng.random() < 0.35 and doc.sec != "Shop":
        related_block(doc)
        doc.sep()
    if rng.random() < 0.3:
        doc.n("newsletter", rng.choice(NEWSLETTER_LINES))
    if rng.random() < 0.15:
        doc.n("html", rng.choice(["</div></div>", "</td></tr></table>", "<br/>", "&nbsp;"]))
    if rng.random() < 0.7:
        for text in rng.sample(FOOTER_LINES, rng.randint(1, 3)):
            doc.n("footer", text)
    if rng.random() < 0.12:
        doc.n("cookie", rng.choice(COOKIE_LINES))


def emit_paragraph(doc, sentences, wrap):
    text = " ".join(sentences)
    if wrap:
        for part in wrap_text(text, wrap):
            doc.k(part)
    else:
        doc.k(text)


def wrap_text(text, width):
    """Greedy word wrap (like textwrap, but written out to keep it obvious)."""
    out, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = word if not cur else cur + " " + word
    if cur:
        out.append(cur)
    return out


def chunks_of(rng, items, lo, hi):
    out, i = [], 0
    while i < len(items):
        n = rng.randint(lo, hi)
        out.append(items[i:i + n])
        i += n
    return out


SIZE_SENTENCES = {"tiny": (2, 4), "small": (5, 8), "medium": (9, 14), "large": (15, 24)}


def heading_text(rng, style, h):
    if style == "md":
        return "## " + h
    if style == "colon":
        return h + ":"
    if style == "upper":
        return h.upper()
    if style == "wiki":
        return "== " + h + " =="
    return h


# --------------------------------------------------------------------------
# Document builders
# --------------------------------------------------------------------------

def topic_sentences(doc, topic, count):
    """count sentences on topic (padded with generic blogger sentences when
    the topic pool runs short), in a fresh order."""
    rng = doc.rng
    own = min(count, len(topic["sentences"]) - 2)
    sents = doc.take(topic["key"], topic["sentences"], own)
    extra = max(count - len(sents), 1 if rng.random() < 0.45 else 0)
    for g in rng.sample(GENERIC_SENTENCES, min(extra, 3)):
        sents.insert(rng.randint(0, len(sents)), doc.fill(g))
    return sents


def build_article(doc, topic, size):
    rng = doc.rng
    doc.sec, doc.sub = topic["sec"], topic["sub"]
    doc.tags = rng.sample(topic["tags"], 3)
    choose_site(doc, topic["sec"])
    doc.title = rng.choice(topic["titles"])
    header(doc)
    title_line(doc, doc.title)
    if rng.random() < 0.3:
        doc.k("By {person}")
    if rng.random() < 0.75:
        doc.n("timestamp", rng.choice(TIMESTAMP_FORMS))
    if rng.random() < 0.25:
        doc.n("share", rng.choice(SHARE_LINES))
    doc.sep()
    lo, hi = SIZE_SENTENCES[size]
    sents = topic_sentences(doc, topic, rng.randint(lo, hi))
    wrap = rng.choice([64, 72, 80]) if rng.random() < 0.12 else 0
    doc.wrapped = bool(wrap)
    hstyle = rng.choice(["plain", "md", "colon", "upper", "wiki", "md"])
    style = rng.choice(["paras", "paras", "paras", "headed", "tips", "faq"])
    if size == "tiny":
        style = "paras"
    if style == "paras":
        for i, para in enumerate(chunks_of(rng, sents, 1, 4)):
            if i:
                doc.sep()
                mid_noise(doc)
            emit_paragraph(doc, para, wrap)
    elif style == "headed":
        heads = rng.sample(topic["headings"], min(len(topic["headings"]), 4))
        paras = chunks_of(rng, sents, 1, 3)
        for i, para in enumerate(paras):
            if i:
                doc.sep()
                mid_noise(doc)
            if i % 2 == 1 and heads:
                doc.k(heading_text(rng, hstyle, heads.pop(0)))
                if hstyle != "plain" or rng.random() < 0.5:
                    doc.sep()
            emit_paragraph(doc, para, wrap)
    elif style == "tips":
        emit_paragraph(doc, sents[:2], wrap)
        doc.sep()
        mid_noise(doc)
        marker = rng.choice(["num", "dash", "star", "bullet", "step"])
        for i, s in enumerate(sents[2:], 1):
            prefix = {"num": "%d. " % i, "dash": "- ", "star": "* ", "bullet": "• ",
                      "step": "Step %d: " % i}[marker]
            doc.k(prefix + s)
            if marker == "step" and doc.blank_sep:
                doc.blank()
        if rng.random() < 0.4:
            doc.sep()
            doc.k(doc.fill(rng.choice(GENERIC_SENTENCES)))
    else:  # faq
        qs = rng.sample(topic["questions"], min(len(topic["questions"]), rng.randint(2, 3)))
        answers = chunks_of(rng, sents, 1, 3)
        doc.k(rng.choice(["Frequently asked questions", "FAQ", "Your questions answered"]))
        doc.sep()
        for i, q in enumerate(qs):
            if i >= len(answers):
                break
            if i:
                doc.sep()
                mid_noise(doc)
            doc.k(rng.choice(["Q: ", "", "» "]) + q)
            emit_paragraph(doc, answers[i], wrap)
        for para in answers[len(qs):]:
            doc.sep()
            emit_paragraph(doc, para, wrap)
    if doc.noisy and rng.random() < 0.15:
        doc.n("readmore", rng.choice(READ_MORE_LINES))
    footer(doc)


def build_forum(doc, topic, size):
    rng = doc.rng
    doc.sec, doc.sub = topic["sec"], topic["sub"]
    doc.tags = rng.sample(topic["tags"], 3)
    choose_site(doc, "Forum")
    doc.title = rng.choice(topic["questions"])
    header(doc)
    if doc.noisy and rng.random() < 0.6:
        doc.n("breadcrumb", rng.choice(["Forum index › {sec} › {sub}", "Home > Forum index > {sub}"]))
    if doc.noisy and rng.random() < 0.4:
        doc.n("nav", rng.choice(["Home / Forums / Members / What's new / Log in / Register",
                                 "Log in or sign up to reply", "New posts | Search forums | Mark read"]))
    doc.k(rng.choice(["", "", "Thread: ", "Re: "]) + doc.title if rng.random() < 0.8 else doc.title)
    doc.sep()
    n_replies = {"tiny": (1, 1), "small": (2, 3), "medium": (3, 5), "large": (5, 8)}[size]
    n_replies = rng.randint(*n_replies)
    meta_style = rng.randint(0, 2)

    clock = [rng.randint(0, 500) * 1440 + rng.randint(0, 1439)]   # minutes since 1 Jan 2015
    post_no = [0]

    def stamp():
        clock[0] += rng.randint(7, 900)
        days, mins = divmod(clock[0], 1440)
        y, rest = 2015 + days // 360, days % 360
        return {"y": y, "Mon": MONTHS_SHORT[rest // 30], "d": rest % 30 + 1,
                "hh": "%02d" % (mins // 60), "mi": "%02d" % (mins % 60),
                "weekday": WEEKDAYS[days % 7]}

    last_user = [None]

    def post_meta():
        user = rng.choice([u for u in USERNAMES if u != last_user[0]])
        last_user[0] = user
        post_no[0] += 1
        st = stamp()
        if meta_style == 0:
            doc.n("forum-meta", user + " wrote:")
            doc.n("timestamp", rng.choice(["Posted {d} {Mon} {y}, {hh}:{mi}", "{Mon} {d}, {y} at {hh}:{mi}"]), st)
        elif meta_style == 1:
            doc.n("forum-meta", "#%d" % post_no[0])
            doc.n("forum-meta", user)
            doc.n("forum-meta", rng.choice(["Joined: {Mon} {y}   Posts: {n}", "Member since {y} · {n} posts"]),
                  {"Mon": rng.choice(MONTHS_SHORT), "y": rng.randint(2008, 2014)})
        else:
            doc.n("forum-meta", "Posted by " + user + " » {weekday} {Mon} {d}, {y} {hh}:{mi}", st)

    # Opening post.
    post_meta()
    body = [doc.fill(rng.choice(FORUM_OPENERS)), doc.title]
    body += [doc.fill(s) for s in rng.sample(FORUM_DETAILS, rng.randint(1, 2))]
    if rng.random() < 0.5:
        for s in body:
            doc.k(s)
    else:
        doc.k(body[0])
        doc.k(" ".join(body[1:]))
    if doc.noisy and rng.random() < 0.5:
        doc.n("forum-meta", rng.choice(FORUM_NOISE))
    advice = doc.take(topic["key"], topic["sentences"], n_replies * 2)
    for i in range(n_replies):
        doc.sep()
        mid_noise(doc)
        post_meta()
        parts = []
        if rng.random() < 0.5:
            parts.append(doc.fill(rng.choice(FORUM_REPLIES)))
        parts += advice[2 * i:2 * i + rng.randint(1, 2)]
        if not parts:
            parts.append(doc.fill(rng.choice(FORUM_REPLIES)))
        if rng.random() < 0.3:
            for p in parts:
                doc.k(p)
        else:
            doc.k(" ".join(parts))
        if doc.noisy and rng.random() < 0.55:
            doc.n("forum-meta", rng.choice(FORUM_NOISE))
        if doc.noisy and rng.random() < 0.15:
            doc.n("forum-meta", rng.choice(FORUM_SIGS))
    footer(doc)


def build_recipe(doc, recipe, size):
    rng = doc.rng
    doc.sec, doc.sub = "Recipes", rng.choice(["Dinner", "Baking", "Vegetarian", "Quick & Easy"])
    doc.tags = ["recipes", doc.sub.lower(), rng.choice(["comfort food", "family", "budget"])]
    choose_site(doc, "Recipes")
    doc.title = recipe["title"]
    header(doc)
    title_line(doc, doc.title)
    if doc.noisy:
        for text in rng.sample(RECIPE_NOISE[:4], rng.randint(1, 2)):
            doc.n("recipe-meta", text)
        if rng.random() < 0.6:
            doc.n("timestamp", rng.choice(TIMESTAMP_FORMS))
    doc.sep()
    n_intro = {"tiny": 1, "small": 1, "medium": 2, "large": 3}[size]
    intro = doc.take("recipe-intro", RECIPE_INTROS, n_intro + 1)
    emit_paragraph(doc, intro[:2] if size != "tiny" else intro[:1], 0)
    if n_intro > 1:
        doc.sep()
        mid_noise(doc)
        emit_paragraph(doc, intro[2:] + [doc.fill(rng.choice(GENERIC_SENTENCES))], 0)
    doc.sep()
    mid_noise(doc)
    serves = rng.randint(2, 8)
    prep, cook = rng.choice([10, 15, 20, 25]), rng.choice([20, 25, 30, 45, 60])
    doc.k(rng.choice(RECIPE_META_KEPT), {"serves": serves, "prep": prep, "cook": cook, "total": prep + cook})
    doc.sep()
    hstyle = rng.choice(["plain", "md", "colon", "upper"])
    doc.k(heading_text(rng, hstyle, "Ingredients"))
    bullet = rng.choice(["- ", "• ", "* ", ""])
    for item in recipe["ingredients"]:
        doc.k(bullet + item)
    doc.sep()
    if doc.noisy and rng.random() < 0.3:
        ad_block(doc)
        doc.sep()
    doc.k(heading_text(rng, hstyle, rng.choice(["Method", "Instructions", "Directions"])))
    numbered = rng.random() < 0.7
    for i, step in enumerate(recipe["steps"], 1):
        doc.k(("%d. " % i if numbered else "") + step)
        if not numbered and doc.blank_sep and rng.random() < 0.5:
            doc.blank()
    doc.sep()
    if size != "tiny":
        doc.k(heading_text(rng, hstyle, rng.choice(["Notes", "Tips", "Cook's notes"])))
        for note in recipe["notes"]:
            doc.k(bullet + note)
    if doc.noisy:
        doc.sep()
        for text in rng.sample(RECIPE_NOISE[4:], rng.randint(1, 3)):
            doc.n("recipe-meta", text)
    footer(doc)


def soup_recipe(soup, rng):
    steps = [soup["first"]]
    steps += [st.format(main=soup["main"], liquid=rng.choice(["1 litre", "1.2 litres", "900 ml"]),
                        mins=rng.choice([15, 20, 25, 30])) for st in SOUP_STEPS]
    steps.insert(rng.choice([len(steps) - 1, len(steps)]), soup["finish"])
    steps.append(rng.choice(SOUP_SERVE))
    return {"title": soup["name"] + " Soup",
            "ingredients": soup["items"] + ["2 tbsp olive oil or butter", "1 litre vegetable stock",
                                            "salt and black pepper"],
            "steps": steps,
            "notes": [soup["note"], rng.choice(["The soup freezes well for up to three months.",
                                                "Thin it with a little extra stock or milk if it thickens on standing."])]}


def build_product(doc, product, size):
    rng = doc.rng
    doc.sec, doc.sub = "Shop", product["type"]
    doc.tags = ["shop", product["type"].lower(), "gear"]
    choose_site(doc, "Shop")
    brand = rng.choice(BRANDS)
    model = rng.choice(product["models"])
    doc.title = "%s %s %s" % (brand, model, product["type"])
    extra = {"h": rng.choice([24, 30, 40, 50, 60]), "w": rng.randint(18, 140) * 10,
             "v": rng.choice([22, 28, 35, 40]), "drop": rng.choice([4, 6, 8, 10]),
             "hh": rng.choice([2000, 3000, 5000]), "ml": rng.choice([500, 750, 1000])}
    header(doc)
    title_line(doc, doc.title)
    if doc.noisy:
        doc.n("product-widgets", rng.choice(["★★★★☆ 4.{k} ({n} reviews)", "4.{k} out of 5 stars · {n} ratings"]))
    cur = rng.choice(["$", "£", "€"])
    price = rng.randint(*product["price"])
    if cur == "€":
        doc.k("Price: %d,99 €" % price if rng.random() < 0.5 else "€%d.99" % price)
    else:
        doc.k("%s%d.99" % (cur, price))
    if doc.noisy:
        for text in rng.sample(PRODUCT_NOISE[:6], rng.randint(1, 3)):
            doc.n("product-widgets", text)
    doc.sep()
    key = "prod-" + product["type"]
    desc = doc.take(key + "-d", product["desc"], 2 if size in ("tiny", "small") else 3)
    emit_paragraph(doc, desc, 0)
    doc.sep()
    mid_noise(doc)
    hstyle = rng.choice(["plain", "md", "colon", "upper"])
    doc.k(heading_text(rng, hstyle, rng.choice(["Features", "Key features", "Highlights"])))
    bullet = rng.choice(["- ", "• ", "✓ ", "* "])
    for f in doc.take(key + "-f", product["features"], rng.randint(3, 5)):
        doc.k(bullet + f, extra)
    doc.sep()
    if size != "tiny":
        doc.k(heading_text(rng, hstyle, rng.choice(["Specifications", "Tech specs", "Details"])))
        for s in product["specs"]:
            doc.k(s, extra)
        doc.sep()
    if doc.noisy and rng.random() < 0.5:
        doc.n("product-widgets", rng.choice(["Customers also bought:", "Frequently bought together"]))
        for _ in range(rng.randint(2, 4)):
            other = rng.choice(PRODUCTS)
            doc.n("product-widgets", "%s %s %s - %s%d.99" % (rng.choice(BRANDS), rng.choice(other["models"]),
                                                               other["type"], cur, rng.randint(*other["price"])))
        doc.sep()
    n_rev = {"tiny": 0, "small": 2, "medium": 3, "large": 5}[size]
    if n_rev:
        doc.k(heading_text(rng, hstyle, rng.choice(["Customer reviews", "Reviews", "What customers say"])))
        if doc.noisy and rng.random() < 0.5:
            doc.n("product-widgets", rng.choice(["Sort by: Most recent ▾", "Write a review"]))
        for stars, text in doc.take("reviews", REVIEWS, n_rev):
            doc.k(stars + " " + text)
            if rng.random() < 0.5:
                doc.k("— " + person(rng) + ", " + rng.choice(TOWNS + ["Zürich", "Kraków", "Montréal", "São Paulo"]))
            if doc.noisy and rng.random() < 0.4:
                doc.n("product-widgets", rng.choice(["Was this review helpful? Yes ({n}) No", "Report", "{n} people found this helpful"]))
        if doc.noisy and rng.random() < 0.5:
            doc.n("readmore", "See all {n} reviews")
    footer(doc)


def build_news(doc, story, size):
    rng = doc.rng
    doc.sec, doc.sub = "News", rng.choice(["Local", "Community", "Weather", "Sport", "Environment"])
    doc.tags = ["news", doc.sub.lower(), "{town}"]
    doc.val("town")
    choose_site(doc, "News")
    doc.tags = ["news", doc.sub.lower(), doc.val("town")]
    doc.title = doc.fill(story["title"])
    header(doc)
    if doc.noisy and rng.random() < 0.3:
        doc.n("ad", "BREAKING")
    title_line(doc, doc.title)
    if rng.random() < 0.5:
        doc.k("By {person2}, " + rng.choice(["Local Democracy Reporter", "Staff Reporter", "Community Editor", "Chief Reporter"]))
    if doc.noisy:
        doc.n("timestamp", rng.choice(TIMESTAMP_FORMS))
        if rng.random() < 0.4:
            doc.n("newsletter", rng.choice(NEWS_NOISE))
    doc.sep()
    paras = doc.take("news-" + story["title"], story["paras"], {"tiny": 2, "small": 3, "medium": 4, "large": 4}[size])
    # Keep the story in its natural order.
    paras.sort(key=story["paras"].index)
    for i, p in enumerate(paras):
        if i:
            doc.sep()
            mid_noise(doc)
        doc.k(p)
    if doc.noisy and rng.random() < 0.5:
        doc.sep()
        doc.n("related", rng.choice(["Most read", "More local news", "Related stories:"]))
        for s in rng.sample(NEWS_STORIES, 3):
            if s is not story:
                doc.n("related", rng.choice(["- ", "• ", ""]) + doc.fill(s["title"], {"town": rng.choice(TOWNS)}))
    footer(doc)


def build_lang(doc, lang, item):
    rng = doc.rng
    L = LANGS[lang]
    doc.site = rng.choice(L["site"])
    doc.title = item["title"]
    if doc.noisy:
        for text in rng.sample(L["nav"], rng.randint(1, 2)):
            doc.n("nav", text)
        if rng.random() < 0.6:
            doc.n("cookie", L["cookie"][0])
        doc.sep()
    doc.k(("# " if rng.random() < 0.3 else "") + item["title"])
    if doc.noisy:
        doc.n("timestamp", rng.choice(L["time"]))
        if rng.random() < 0.5:
            doc.n("share", rng.choice(L["share"]))
    doc.sep()
    sents = list(item["sentences"])
    for i, para in enumerate(chunks_of(rng, sents, 1, 3)):
        if i:
            doc.sep()
            if doc.noisy and rng.random() < 0.4:
                doc.n("ad", rng.choice(L["ad"]))
                doc.sep()
        sep = "" if lang in ("ja", "zh") else " "
        doc.k(sep.join(para))
    if doc.noisy:
        doc.sep()
        doc.n("share", rng.choice(L["share"]))
        doc.n("comments", rng.choice(L["comments"]))
        if rng.random() < 0.6:
            doc.n("related", rng.choice(L["related"]))
            for other in LANGS[lang]["docs"]:
                if other is not item:
                    doc.n("related", "- " + other["title"])
        for text in L["footer"]:
            doc.n("footer", text)


def build_digest(doc, topics):
    """A long archive/digest page: one section per topic (~20-30 KB)."""
    rng = doc.rng
    doc.sec, doc.sub = "Blog", "Archive"
    doc.site = rng.choice(["The Weekend Hobbyist", "Curious Planet", "Plain Living"])
    month, year = rng.randint(1, 12), rng.randint(2015, 2023)
    doc.title = doc.site + " - Archive, " + MONTHS[month - 1] + " " + str(year)
    header(doc)
    doc.k(doc.title)
    doc.sep()
    for topic in topics:
        doc.sep()
        mid_noise(doc)
        doc.k("## " + rng.choice(topic["titles"]))
        if rng.random() < 0.8:
            day = rng.randint(1, 28)
            doc.n("timestamp", rng.choice(TIMESTAMP_FORMS),
                  {"y": year, "m": month, "mm": "%02d" % month, "Month": MONTHS[month - 1],
                   "Mon": MONTHS_SHORT[month - 1], "d": day, "dd": "%02d" % day,
                   "weekday": WEEKDAYS[(day + month * 3) % 7], "h": rng.randint(1, 23),
                   "h12": rng.randint(1, 12), "hh": "%02d" % rng.randint(6, 22),
                   "mi": "%02d" % rng.randint(0, 59), "person": person(rng)})
        doc.sep()
        sents = list(topic["sentences"])
        rng.shuffle(sents)
        for i, para in enumerate(chunks_of(rng, sents, 2, 4)):
            if i:
                doc.sep()
            doc.k(" ".join(para))
        doc.sep()
        doc.n("readmore", rng.choice(["Read more »", "Continue reading →", "{n} Comments", "Share on Facebook Twitter"]))
    footer(doc)


def build_blob(doc, topic):
    """An article with a huge inline script/state line (a single >12 KB line)."""
    build_article(doc, topic, "medium")
    rng = doc.rng
    items = []
    for i in range(190):
        t = rng.choice(TOPICS)
        items.append('{"id":%d,"slug":"%s","title":"%s","views":%d,"thumb":"/img/%s-%d.webp"}'
                     % (1000 + i, slug(t["titles"][i % len(t["titles"])])[:40],
                        t["titles"][i % len(t["titles"])].replace('"', ''), rng.randint(10, 99999),
                        t["key"], i))
    blob = ('<script>window.__INITIAL_STATE__={"page":"article","site":"%s","related":[%s],'
            '"ads":{"slots":["top","mid","bottom"],"refresh":30}};</script>') % (doc.site, ",".join(items))
    # Put it right after the title block, where page builders usually inline it.
    pos = next(i for i, ln in enumerate(doc.lines) if ln.kind == "content") + 1
    doc.lines.insert(pos, Line("noise", [(blob, False)]))
    doc.mark("html")


# --------------------------------------------------------------------------
# Inline noise
# --------------------------------------------------------------------------

def split_points(text):
    """Indices just after a space, before a word, away from the line ends."""
    pts = []
    for i in range(8, len(text) - 8):
        if text[i - 1] == " " and text[i] != " " and text[i - 2] != " ":
            pts.append(i)
    return pts


def inject_inline(doc):
    rng = doc.rng
    wrap_p = doc.noisy and doc.allow_p_wrap and rng.random() < 0.05
    for ln in doc.lines:
        if not ln.single_clean_piece():
            continue
        text = ln.pieces[0][0]
        if len(text) < 25:
            continue
        if wrap_p and len(text) > 40:
            ln.pieces = [("<p>", False), (text, True), ("</p>", False)]
            doc.mark("html")
            continue
        if rng.random() >= doc.inline_rate:
            continue
        r = rng.random()
        if r < 0.5:
            pts = split_points(text)
            if not pts:
                continue
            junk = rng.choice(MID_JUNK)
            twice = [j for j in pts if j > pts[0] + 10]
            if rng.random() < 0.15 and twice:
                # The same junk twice in one line: each copy alone is ambiguous
                # for remove_str and has to be widened until it is unique.
                i, j = pts[0], rng.choice(twice)
                ln.pieces = [(text[:i], True), (junk, False), (text[i:j], True), (junk, False),
                             (text[j:], True)]
                doc.repeated_junk += 1
            else:
                i = rng.choice(pts)
                ln.pieces = [(text[:i], True), (junk, False), (text[i:], True)]
        elif r < 0.85:
            junk = rng.choice(TRAIL_JUNK)
            ln.pieces = [(text, True), (junk, False)]
            if junk.strip() == "":
                doc.mark("whitespace")
        else:
            ln.pieces = [(rng.choice(LEAD_JUNK), False), (text, True)]
        doc.mark("inline")
    if doc.allow_p_wrap and rng.random() < 0.08:
        ws = rng.choice([" ", "  ", "\t", " \t", "    "])
        for ln in doc.lines:
            if ln.kind == "blank":
                ln.pieces = [(ws, False)]
        doc.mark("whitespace")


def make_clean_structure(lines):
    """Drop blank lines an expert would drop, so that refined == text."""
    out = []
    for ln in lines:
        if ln.kind == "blank" and (not out or out[-1].kind == "blank"):
            continue
        out.append(ln)
    while out and out[-1].kind == "blank":
        out.pop()
    return out


# --------------------------------------------------------------------------
# Refinement, expert edits and rendering
# --------------------------------------------------------------------------

def refine_lines(lines):
    """[(original line index or None for an inserted line, refined text)]."""
    out = []
    for i, ln in enumerate(lines):
        if ln.kind == "noise":
            continue
        if ln.kind == "content":
            t = ln.kept()
            assert t.strip(), "content line lost all its text"
            out.append((i, t))
        else:
            if not out or out[-1][1] == "":
                continue
            out.append((i, ""))
        if ln.insert_after is not None:
            out.append((None, ln.insert_after))
    while out and out[-1][1] == "":
        out.pop()
    return out


def normalise(s):
    return s.replace("\r\n", "\n").replace("\r", "\n")


def is_subsequence(small, big):
    it = iter(big)
    return all(ch in it for ch in small)


def render(lines, style, trailing, rng):
    n = len(lines)
    if style == "lf":
        terms = ["\n"] * n
    elif style == "crlf":
        terms = ["\r\n"] * n
    else:  # mixed: a CRLF template with an LF body pasted in (or vice versa)
        cut = rng.randint(1, max(1, n - 1))
        a, b = ("\r\n", "\n") if rng.random() < 0.5 else ("\n", "\r\n")
        terms = [a] * cut + [b] * (n - cut)
    parts = []
    for i, ln in enumerate(lines):
        parts.append(ln.orig())
        if i < n - 1 or trailing:
            parts.append(terms[i])
    return "".join(parts)


def render_refined(lines, trailing):
    out = refine_lines(lines)
    return "\n".join(t for _, t in out) + ("\n" if trailing and out else "")


def edit_typo(rng, text):
    pairs = list(TYPO_PAIRS)
    rng.shuffle(pairs)
    for good, bad in pairs:
        m = re.search(r"\b%s\b" % good, text)
        if m:
            return text[:m.start()] + bad + text[m.end():], "typo %r -> %r" % (bad, good), m.start()
    return None


def edit_missing_word(rng, text):
    words = [" the ", " a ", " to ", " of ", " and "]
    rng.shuffle(words)
    for w in words:
        i = text.find(w)
        if i > 0:
            return text[:i] + " " + text[i + len(w):], "inserted %r" % w.strip(), i
    return None


def edit_comma_space(rng, text):
    m = re.search(r", (?=[A-Za-z])", text)
    if m:
        return text[:m.start()] + "," + text[m.end():], "space after comma", m.start()
    return None


def edit_tab(rng, text):
    pts = split_points(text)
    if pts:
        i = rng.choice(pts)
        return text[:i - 1] + "\t" + text[i:], "tab -> space", i - 1
    return None


def edit_apostrophe(rng, text):
    m = re.search(r"(?<=[a-z])['’](?=(t|s|ll|re|ve|m|d)\b)", text)
    if m:
        return text[:m.start()] + text[m.end():], "apostrophe restored", m.start()
    return None


def edit_capital(rng, text):
    m = re.search(r"(?:^|[.!?] )([A-Z])(?=[a-z])", text)
    if m:
        j = m.start(1)
        return text[:j] + text[j].lower() + text[j + 1:], "capitalised sentence start", j
    return None


def edit_cjk_punct(rng, text):
    i = text.find("、")
    if 0 < i < len(text) - 1:
        return text[:i] + "," + text[i + 1:], "full-width comma restored", i
    return None


EDITS = [edit_typo, edit_typo, edit_typo, edit_missing_word, edit_missing_word,
         edit_comma_space, edit_tab, edit_apostrophe, edit_capital, edit_cjk_punct]


def kept_neighbourhood(lines):
    out = refine_lines(lines)
    kept = {i for i, _ in out if i is not None}
    cands = [i for i in range(1, len(lines) - 1)
             if i in kept and i - 1 in kept and i + 1 in kept
             and lines[i].single_clean_piece() and len(lines[i].pieces[0][0]) >= 20]
    return cands


def apply_small_edits(rng, lines, trailing, style):
    """Corrupt 1-2 content lines in the original; the expert's output keeps
    the corrected text, so each becomes a small rewrite hunk.

    The changed span must have at least 10 unchanged characters on both sides
    in the original (no deleted noise, no other edit): a minimal alignment
    may slide a deletion along equal text (e.g. across a blank line), and a
    deletion touching the edit would merge with it into one large rewrite
    hunk.  Lines with kept neighbours are tried first."""
    want = 1 if rng.random() < 0.6 else 2
    done = []
    strict = kept_neighbourhood(lines)
    rng.shuffle(strict)
    kept = {i for i, _ in refine_lines(lines) if i is not None}
    loose = [i for i in range(1, len(lines) - 1) if i in kept and i not in strict
             and lines[i].single_clean_piece() and len(lines[i].pieces[0][0]) >= 30]
    rng.shuffle(loose)
    for i in strict + loose:
        if len(done) == want:
            break
        text = lines[i].pieces[0][0]
        mask = deletion_mask(lines)
        start = sum(len(ln.orig()) + 1 for ln in lines[:i])
        fns = list(EDITS)
        rng.shuffle(fns)
        for fn in fns:
            res = fn(rng, text)
            if res is None:
                continue
            corrupted, what, _ = res
            p = 0
            while p < min(len(text), len(corrupted)) and text[p] == corrupted[p]:
                p += 1
            q = 0
            while q < min(len(text), len(corrupted)) - p and text[-1 - q] == corrupted[-1 - q]:
                q += 1
            back = 0
            while start + p - back - 1 >= 0 and not mask[start + p - back - 1][1]:
                back += 1
            fwd = 0
            at = start + len(text) - q
            while at + fwd < len(mask) and not mask[at + fwd][1]:
                fwd += 1
            if back < 10 or fwd < 10:
                continue
            lines[i].orig_override = corrupted
            t = normalise(render(lines, style, trailing, random.Random(0)))
            r = render_refined(lines, trailing)
            if is_subsequence(r, t):   # a pure-deletion alignment would exist
                lines[i].orig_override = None
                continue
            done.append(what)
            break
    return done


def deletion_mask(lines):
    """Normalised original text as (char, deleted?) pairs, for the LF rendering
    with a trailing newline; the newline of a dropped line counts as deleted."""
    kept = {i for i, _ in refine_lines(lines) if i is not None}
    out = []
    for i, ln in enumerate(lines):
        dropped = i not in kept
        if ln.orig_override is not None:
            out += [(c, True) for c in ln.orig_override]   # an edit: treat as changed
        else:
            for t, k in ln.pieces:
                out += [(c, dropped or not k) for c in t]
        out.append(("\n", dropped))
    return out


def apply_big_rewrite(rng, lines, trailing, style):
    """The expert inserts a whole new sentence line (>= 20 characters).

    An exact minimal alignment may pair the characters of inserted text with
    characters of nearby deleted noise (that is cheaper than a clean insert
    plus a clean delete), which would split the insertion into many small
    hunks.  So the new line goes where the original has a long run of
    unchanged text on both sides: longer than the sentence plus a margin."""
    mask = deletion_mask(lines)
    ends, pos = [], 0
    for i, ln in enumerate(lines):
        pos += len(ln.orig()) + 1
        ends.append(pos)       # offset just after line i's newline
    out = refine_lines(lines)
    kept = {i for i, _ in out if i is not None}
    sentences = list(EXPERT_INSERTIONS)
    rng.shuffle(sentences)
    cands = [i for i in range(len(lines) - 1)
             if lines[i].kind == "content" and i in kept and i + 1 in kept]
    rng.shuffle(cands)
    for i in cands:
        at = ends[i]
        back = 0
        while at - back - 1 >= 0 and not mask[at - back - 1][1]:
            back += 1
        fwd = 0
        while at + fwd < len(mask) and not mask[at + fwd][1]:
            fwd += 1
        for snt in sentences[:4]:
            need = len(snt) + 25
            if back < need or fwd < need:
                continue
            lines[i].insert_after = snt
            t = normalise(render(lines, style, trailing, random.Random(0)))
            r = render_refined(lines, trailing)
            if not is_subsequence(r, t):
                return "inserted line %r" % snt
            lines[i].insert_after = None
    return None


TINY_JUNK = [("mid", "[ad] "), ("mid", "&nbsp;"), ("mid", "<b>"), ("trail", "<br>"),
             ("trail", "  "), ("lead", "<p>"), ("trail", " ↗"), ("mid", "</a>")]


def apply_tiny_delete(rng, doc):
    cands = [ln for ln in doc.lines if ln.single_clean_piece() and len(ln.pieces[0][0]) >= 30]
    ln = rng.choice(cands)
    text = ln.pieces[0][0]
    where, junk = rng.choice(TINY_JUNK)
    if where == "mid":
        i = rng.choice(split_points(text))
        ln.pieces = [(text[:i], True), (junk, False), (text[i:], True)]
    elif where == "trail":
        ln.pieces = [(text, True), (junk, False)]
    else:
        ln.pieces = [(junk, False), (text, True)]
    doc.mark("inline" if junk.strip() else "whitespace")


# --------------------------------------------------------------------------
# Expert responses
# --------------------------------------------------------------------------

NOISE_PHRASES = {
    "nav": "site navigation links", "breadcrumb": "the breadcrumb trail",
    "cookie": "the cookie consent banner", "ad": "advertisements and sponsored links",
    "html": "leftover HTML tags and entities", "share": "social sharing buttons",
    "readmore": "\"read more\" and pagination links", "comments": "comment counters",
    "timestamp": "timestamps and post metadata", "newsletter": "newsletter sign-up prompts",
    "footer": "the footer (copyright notice and legal links)", "related": "the list of related posts",
    "tags": "tag and category lists", "inline": "promotional fragments inside sentences",
    "forum-meta": "forum metadata (usernames, post counts, reply buttons)",
    "recipe-meta": "recipe widgets (print and pin buttons, ratings, nutrition box)",
    "product-widgets": "shop widgets (cart buttons, star ratings, cross-selling)",
    "whitespace": "stray whitespace",
}
KIND_PHRASES = {
    "article": "an informational article", "forum": "a forum discussion", "recipe": "a recipe",
    "product": "a product page", "news": "a local news article", "lang": "a blog post",
    "digest": "an archive page with several articles", "blob": "an informational article",
}
LANG_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "ja": "Japanese", "zh": "Chinese"}


def english_list(items):
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def chatter(rng, rec):
    what = KIND_PHRASES[rec["kind"]]
    if rec["lang"] != "en":
        what += " in " + LANG_NAMES[rec["lang"]]
    noise = [NOISE_PHRASES[k] for k in rec["noise_kinds"]]
    first = normalise(rec["refined"]).split("\n", 1)[0]
    form = rng.randint(0, 3)
    if not noise:
        return ("Analysis:\nThe document is %s. It contains no navigation, advertising or other "
                "boilerplate, so nothing needs to be removed.\n\n" % what)
    if form == 0:
        return ("Analysis:\nThe document is mainly %s. It also contains %s. These parts are "
                "removed; the main content is kept word for word.\n\n" % (what, english_list(noise)))
    if form == 1:
        return ("I will remove the non-content parts of the page.\n\nNoise found:\n"
                + "".join("- %s\n" % x for x in noise) + "\n")
    if form == 2:
        return ("Sure! Below is the refined document. I removed %s and kept everything else "
                "unchanged.\n\n" % english_list(noise))
    return ("Step 1: Identify the main content.\nThe core content is %s starting with \"%s\".\n"
            "Step 2: Identify noise.\n%s\nStep 3: Output the cleaned text.\n\n"
            % (what, first, "; ".join(noise)[0].upper() + "; ".join(noise)[1:] + "."))


def make_responses(rng, records):
    # Well-formed: 24 deletion, 3 small_edit, 1 keep_all; malformed: 2 deletion.
    def pick(cat, k):
        pool = [r for r in records if r["category"] == cat and "\r" not in r["refined"]
                and len(r["text"]) < 6000]
        return rng.sample(pool, k)
    good = pick("deletion", 26) + pick("small_edit", 3) + pick("keep_all", 1)
    assert len(good) == N_RESPONSES
    rng.shuffle(good)
    bad_ids = {good[3]["id"], good[17]["id"]}
    trailing_ids = {good[5]["id"], good[11]["id"], good[23]["id"]}
    out, kinds = [], {"well_formed": 0, "well_formed_with_trailing_chatter": 0,
                      "malformed_no_section": 0, "malformed_truncated": 0}
    for r in sorted(good, key=lambda r: r["id"]):
        head = chatter(rng, r)
        if r["id"] in bad_ids:
            if kinds["malformed_no_section"] == 0:
                resp = head + "Here is the cleaned text:\n\n" + r["refined"]
                kinds["malformed_no_section"] += 1
            else:
                cut = len(r["refined"]) // 2
                resp = head + "refined_text: [doc]" + r["refined"][:cut]
                kinds["malformed_truncated"] += 1
        else:
            resp = head + "refined_text: [doc]" + r["refined"] + "[/doc]"
            if r["id"] in trailing_ids:
                resp += "\n\nLet me know if you would like a stricter or a more lenient cleanup."
                kinds["well_formed_with_trailing_chatter"] += 1
            else:
                kinds["well_formed"] += 1
            # The section must give back exactly the corpus' refined text.
            m = re.search(r"refined_text: \[doc\](.*?)\[/doc\]", resp, re.S)
            assert m and m.group(1) == r["refined"]
        out.append({"id": r["id"], "text": r["text"], "response": resp})
    return out, kinds


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def plan(rng):
    cats = []
    for name, count in CATEGORY_COUNTS:
        cats += [name] * count
    assert len(cats) == N_RECORDS
    rng.shuffle(cats)

    topics = [t["key"] for t in TOPICS]
    shuffled = list(topics)
    rng.shuffle(shuffled)
    half = len(shuffled) // 2
    specials = [("digest", shuffled[:half + 3]), ("digest", shuffled[half - 2:]),
                ("blob", rng.choice(topics))]

    recipes = [("recipe", r) for r in RECIPES] + \
              [("recipe", ("soup", soup)) for soup in SOUP_MAINS]
    products = [("product", p) for p in PRODUCTS] * 2
    news = [("news", s) for s in NEWS_STORIES] * 2
    langs = [("lang", (lang, doc)) for lang in LANGS for doc in LANGS[lang]["docs"]]
    n_forum = 40
    forums = [("forum", topics[i % len(topics)]) for i in range(n_forum)]
    n_article = N_RECORDS - len(specials) - len(recipes) - len(products) - len(news) - len(langs) - n_forum
    articles = [("article", topics[i % len(topics)]) for i in range(n_article)]
    kinds = recipes + products + news + langs + forums + articles
    rng.shuffle(kinds)

    # Special (large) documents go to deletion-only records.
    deletion_idx = [i for i, c in enumerate(cats) if c == "deletion"]
    special_at = dict(zip(rng.sample(deletion_idx, len(specials)), specials))
    plan_ = []
    it = iter(kinds)
    for i in range(N_RECORDS):
        plan_.append((cats[i], special_at[i] if i in special_at else next(it)))
    return plan_


class Retry(Exception):
    pass


def build_record(i, category, spec, decks):
    rid = "web-%04d" % (i + 1)
    for attempt in range(50):
        rng = random.Random("%s:%s" % (SEED, rid) + (":%d" % attempt if attempt else ""))
        try:
            return build_record_once(rid, rng, category, spec, decks)
        except Retry:
            continue
    raise RuntimeError("could not build " + rid)


def build_record_once(rid, rng, category, spec, decks):
    noisy = category in ("deletion", "small_edit", "big_rewrite")
    kind, arg = spec
    lang = arg[0] if kind == "lang" else "en"
    doc = Doc(rng, decks, noisy, lang)
    if not noisy:
        doc.blank_sep = True
    size = rng.choices(["tiny", "small", "medium", "large"], [12, 38, 38, 12])[0]
    if not noisy and size == "tiny":
        size = "small"     # a clean page has no noise lines to make up the length
    if category == "big_rewrite" and size in ("tiny", "small"):
        size = "medium"    # room for a long run of unchanged text (see apply_big_rewrite)
    if kind == "article":
        build_article(doc, TOPIC_BY_KEY[arg], size)
    elif kind == "forum":
        build_forum(doc, TOPIC_BY_KEY[arg], size)
    elif kind == "recipe":
        recipe = soup_recipe(arg[1], rng) if isinstance(arg, tuple) else arg
        build_recipe(doc, recipe, size)
    elif kind == "product":
        build_product(doc, arg, size)
    elif kind == "news":
        build_news(doc, arg, size)
    elif kind == "lang":
        build_lang(doc, arg[0], arg[1])
    elif kind == "digest":
        build_digest(doc, [TOPIC_BY_KEY[k] for k in arg])
    elif kind == "blob":
        build_blob(doc, TOPIC_BY_KEY[arg])
    else:
        raise ValueError(kind)

    edits = []
    if noisy:
        doc.allow_p_wrap = category == "deletion"
        inject_inline(doc)
        if not any(ln.kind == "noise" for ln in doc.lines):
            doc.n("footer", rng.choice(FOOTER_LINES))
        extra = [t for t in FOOTER_LINES]
        rng.shuffle(extra)
        while len(doc.lines) < 5:
            doc.n("footer", extra.pop())
    else:
        doc.lines = make_clean_structure(doc.lines)

    r = rng.random()
    style = "lf" if r < 0.83 else "crlf" if r < 0.96 else "mixed"
    trailing = rng.random() < 0.93
    lines = doc.lines

    if category == "tiny_delete":
        apply_tiny_delete(rng, doc)
    pre_deleted = len(normalise(render(lines, style, trailing, random.Random(0)))) - \
        len(render_refined(lines, trailing))
    if category == "small_edit":
        edits = apply_small_edits(rng, lines, trailing, style)
        if not edits:
            raise Retry()   # nowhere to put an isolated edit on this page; build another
    elif category == "big_rewrite":
        edit = apply_big_rewrite(rng, lines, trailing, style)
        if not edit:
            raise Retry()   # no long enough clean stretch on this page; build another
        edits = [edit]

    text = render(lines, style, trailing, random.Random("%s:%s:nl" % (SEED, rid)))
    refined = text if category == "keep_all" else render_refined(lines, trailing)

    # Self-checks on the intended category.
    nt, nr = normalise(text), normalise(refined)
    if category == "keep_all":
        assert render_refined(lines, trailing) == nt, rid
    elif category in ("deletion", "tiny_delete"):
        assert is_subsequence(nr, nt), rid
        d = len(nt) - len(nr)
        assert (d >= 10) if category == "deletion" else (0 < d < 10), (rid, d)
    else:
        assert not is_subsequence(nr, nt), rid
        assert pre_deleted >= 10, (rid, pre_deleted)
    n_lines = nt.count("\n") + (0 if nt.endswith("\n") else 1)
    if kind not in ("digest",):
        assert n_lines >= 5, (rid, n_lines)

    return {"id": rid, "text": text, "refined": refined,
            # bookkeeping (not written to corpus.jsonl)
            "category": category, "kind": kind, "lang": lang, "style": style,
            "trailing": trailing, "noise_kinds": doc.noise_kinds if category != "keep_all" else [],
            "edits": edits, "lines": n_lines, "wrapped": doc.wrapped, "repeated_junk": doc.repeated_junk, "deleted": len(nt) - len(nr) if category in ("deletion", "tiny_delete") else pre_deleted}


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


def main():
    rng = random.Random(SEED)
    decks = Decks(random.Random(SEED + ":decks"))
    records = [build_record(i, cat, spec, decks) for i, (cat, spec) in enumerate(plan(rng))]

    with open(os.path.join(HERE, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(dumps({"id": r["id"], "text": r["text"], "refined": r["refined"]}) + "\n")

    responses, rkinds = make_responses(random.Random(SEED + ":responses"), records)
    with open(os.path.join(HERE, "expert-responses.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in responses:
            f.write(dumps(r) + "\n")

    # ---- summary ----------------------------------------------------------
    def count(key):
        out = {}
        for r in records:
            out[r[key]] = out.get(r[key], 0) + 1
        return out

    sizes = sorted(len(r["text"].encode("utf-8")) for r in records)
    lines = sorted(r["lines"] for r in records)
    cats = count("category")
    print("corpus.jsonl: %d records, %d bytes" % (len(records), os.path.getsize(os.path.join(HERE, "corpus.jsonl"))))
    print("  category:")
    for name, _ in CATEGORY_COUNTS:
        print("    %-12s %3d" % (name, cats.get(name, 0)))
    print("  kind:       " + ", ".join("%s %d" % kv for kv in sorted(count("kind").items())))
    print("  language:   " + ", ".join("%s %d" % kv for kv in sorted(count("lang").items())))
    print("  newlines:   " + ", ".join("%s %d" % kv for kv in sorted(count("style").items())))
    print("  no trailing newline: %d" % sum(1 for r in records if not r["trailing"]))
    print("  non-ASCII text: %d" % sum(1 for r in records if any(ord(c) > 127 for c in r["text"])))
    print("  CJK text: %d" % sum(1 for r in records if re.search("[\u3040-\u30ff\u4e00-\u9fff]", r["text"])))
    print("  emoji: %d" % sum(1 for r in records if re.search("[\U0001F300-\U0001FAFF]", r["text"])))
    print("  text bytes: min %d, median %d, max %d, total %d" % (sizes[0], sizes[len(sizes) // 2], sizes[-1], sum(sizes)))
    print("  texts over 12,000 characters: %d" % sum(1 for r in records if len(normalise(r["text"])) > 12000))
    print("  longest line: %d characters" % max(len(l) for r in records for l in normalise(r["text"]).split("\n")))
    print("  lines: min %d, median %d, max %d" % (lines[0], lines[len(lines) // 2], lines[-1]))
    ordinary = sorted(r["lines"] for r in records if r["kind"] not in ("digest", "blob"))
    print("  lines of ordinary pages (not digest/blob): min %d, max %d" % (ordinary[0], ordinary[-1]))
    print("  hard-wrapped pages: %d" % sum(1 for r in records if r["wrapped"]))
    print("  lines with the same inline junk twice: %d (in %d records)" % (
        sum(r["repeated_junk"] for r in records), sum(1 for r in records if r["repeated_junk"])))
    small = [e for r in records for e in r["edits"] if r["category"] == "small_edit"]
    print("  small expert edits: %d in %d records" % (len(small), cats.get("small_edit", 0)))
    tiny = sorted(r["deleted"] for r in records if r["category"] == "tiny_delete")
    print("  tiny_delete deleted characters: " + ", ".join(str(t) for t in tiny))
    kinds_of_edit = {}
    for e in small:
        key = e.split(" ")[0] if not e.startswith("typo") else "typo"
        key = {"inserted": "missing word inserted", "space": "space after comma", "tab": "tab -> space",
               "apostrophe": "apostrophe restored", "capitalised": "capital letter restored",
               "full-width": "full-width comma restored", "typo": "typo fixed"}[key]
        kinds_of_edit[key] = kinds_of_edit.get(key, 0) + 1
    print("    " + ", ".join("%s %d" % kv for kv in sorted(kinds_of_edit.items())))
    for name, _ in CATEGORY_COUNTS[1:]:
        ids = [r["id"] for r in records if r["category"] == name]
        print("  %s ids: %s" % (name, " ".join(ids)))
    print("  texts over 12,000 characters: " + ", ".join(
        "%s (%s, %d bytes)" % (r["id"], r["kind"], len(r["text"].encode("utf-8")))
        for r in records if len(normalise(r["text"])) > 12000))
    print("expert-responses.jsonl: %d records, %d bytes" % (len(responses), os.path.getsize(os.path.join(HERE, "expert-responses.jsonl"))))
    for k, v in rkinds.items():
        print("    %-34s %d" % (k, v))
    print("  malformed ids: " + " ".join(r["id"] for r in responses if "[/doc]" not in r["response"]))
    print("  trailing-chatter ids: " + " ".join(r["id"] for r in responses
                                             if "[/doc]" in r["response"] and not r["response"].endswith("[/doc]")))
    cats_by_id = {r["id"]: r["category"] for r in records}
    rc = {}
    for r in responses:
        rc[cats_by_id[r["id"]]] = rc.get(cats_by_id[r["id"]], 0) + 1
    print("  source categories: " + ", ".join("%s %d" % kv for kv in sorted(rc.items())))
    if "--details" in sys.argv:
        for r in records:
            print(r["id"], r["category"], r["kind"], r["lang"], r["style"], r["lines"], r["deleted"], r["edits"])


if __name__ == "__main__":
    main()
