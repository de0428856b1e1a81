"""The generated entries' names, summaries and descriptions, in English and Dutch, composed from
the vocabulary. `rng` is the generator's random.Random: the same draws in the same order."""

from infrastructures.generation import vocabulary as words

NO_INITIALS = {"of", "for", "in", "and", "the", "University"}


def initials(name):
    return "".join(
        word[0] for word in name.replace(",", "").split() if word not in NO_INITIALS and word[0].isupper()
    )


def lower_first(text):
    # "Disk laser" reads "disk laser" inside a sentence; "FDM printer" stays as it is.
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def title(topic):
    return " ".join(word[0].upper() + word[1:] for word in topic.split())


def listed(items, conjunction):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def names(rng, kind, topic, topic2, city):
    """ "Eindhoven Photonics Pilot Line" and "Pilootlijn voor fotonica Eindhoven", or without the
    city, or with two topics: "Laser Welding and Robotics Lab"."""
    kind_title, _lower, kind_nl_title, _nl_lower, _weight = words.KINDS[kind]
    shape = rng.random()
    if topic2 and shape < 0.5:
        return (
            f"{title(topic.en)} and {title(topic2.en)} {kind_title}",
            f"{kind_nl_title} {topic.nl} en {topic2.nl}",
        )
    if shape < 0.6:
        return f"{title(topic.en)} {kind_title}", f"{kind_nl_title} {topic.nl}"
    return f"{city} {title(topic.en)} {kind_title}", f"{kind_nl_title} {topic.nl} {city}"


def summaries(rng, values, with_trl, with_topic2):
    """One summary template filled in both languages; `values` maps each placeholder to its
    (English, Dutch) pair."""
    templates = [*words.SUMMARIES, *(words.TRL_SUMMARIES if with_trl else [])]
    if not with_topic2:
        templates = [template for template in templates if "{topic2}" not in template[0]]
    chosen = rng.choice(templates)
    return tuple(_fill(chosen[language], values, language) for language in (0, 1))


def _fill(template, values, language):
    text = template.format(**{name: pair[language] for name, pair in values.items()})
    return text[0].upper() + text[1:]


def descriptions(rng, name_en, name_nl, owner, city, topic, instruments):
    """Who runs it where, its instruments by make and model, its services and the sectors it works
    for; `instruments` are (manufacturer, model, vocabulary.Instrument)."""
    english = [f"The {name_en} is run by {owner.name_en} in {city}."]
    dutch = [f"{name_nl} wordt uitgebaat door {owner.name_nl} in {city}."]
    if instruments:
        english.append(
            "Its equipment includes "
            + listed([f"the {m} {mo} ({lower_first(i.name_en)})" for m, mo, i in instruments], "and")
            + "."
        )
        dutch.append(
            "De apparatuur omvat "
            + listed([f"de {m} {mo} ({lower_first(i.name_nl)})" for m, mo, i in instruments], "en")
            + "."
        )
    services = rng.sample(words.SERVICES, 3)
    english.append(f"Services: {listed([s[0] for s in services], 'and')}, for {topic.en}.")
    dutch.append(f"Diensten: {listed([s[1] for s in services], 'en')}, voor {topic.nl}.")
    sectors = rng.sample(words.SECTORS, 3)
    english.append(f"It works for companies in {listed([s[0] for s in sectors], 'and')}.")
    dutch.append(f"Het werkt voor bedrijven uit {listed([s[1] for s in sectors], 'en')}.")
    if rng.random() < 0.5:
        closing = rng.choice(words.CLOSINGS)
        english.append(closing[0])
        dutch.append(closing[1])
    return " ".join(english), " ".join(dutch)
