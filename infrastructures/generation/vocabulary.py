"""The words generated entries are made of, in English and Dutch: research-infrastructure topics, the
equipment each topic uses (makes and models of real instruments), kinds of organisation, sectors,
services and the sentences that join them. Facts of the trade, not of any one infrastructure."""

from typing import NamedTuple

# Slugs of the themes a topic belongs to: the seed's themes, and those the generator creates when a
# catalogue has none (THEMES below).
ENERGY, FACTORIES, FLEX = "sustainable-energy", "factories-of-the-future", "flexible-electronics"
PHOTONICS, LIFE, MATERIALS = "photonics", "life-sciences-health", "new-materials-3d-printing"
AI, INDUSTRY, BLUE = "artificial-intelligence", "industry-4-0", "blue-economy"
AGRIFOOD, CIRCULAR = "agri-food", "circular-economy"

THEMES = [
    # slug, English, Dutch
    (ENERGY, "Sustainable energy", "Duurzame energie"),
    (FACTORIES, "Factories of the Future", "Fabrieken van de toekomst"),
    (FLEX, "Flexible electronics", "Flexibele elektronica"),
    (PHOTONICS, "Photonics", "Fotonica"),
    (LIFE, "Life sciences and health", "Life sciences en gezondheid"),
    (MATERIALS, "New materials and 3D printing", "Nieuwe materialen en 3D-printen"),
    (AI, "Artificial intelligence", "Artificiële intelligentie"),
    (INDUSTRY, "Industry 4.0", "Industrie 4.0"),
    (BLUE, "Blue economy", "Blauwe economie"),
    (AGRIFOOD, "Agri-food", "Agrovoeding"),
    (CIRCULAR, "Circular economy", "Circulaire economie"),
]


class Topic(NamedTuple):
    en: str
    nl: str
    themes: tuple
    kits: tuple  # keys of EQUIPMENT


TOPICS = [
    Topic("laser welding", "laserlassen", (FACTORIES, PHOTONICS), ("laser", "welding")),
    Topic("laser cutting", "lasersnijden", (FACTORIES, PHOTONICS), ("laser", "machining")),
    Topic("laser micromachining", "lasermicrobewerking", (PHOTONICS, FACTORIES), ("laser",)),
    Topic("ultrafast lasers", "ultrasnelle lasers", (PHOTONICS,), ("laser", "analysis")),
    Topic(
        "laser additive manufacturing",
        "laser-additieve productie",
        (MATERIALS, PHOTONICS),
        ("laser", "additive"),
    ),
    Topic("photonics", "fotonica", (PHOTONICS,), ("laser", "cleanroom")),
    Topic("integrated photonics", "geïntegreerde fotonica", (PHOTONICS, FLEX), ("cleanroom",)),
    Topic("optical fibre sensing", "glasvezelsensoren", (PHOTONICS,), ("electronics",)),
    Topic("additive manufacturing", "additieve productie", (MATERIALS, FACTORIES), ("additive",)),
    Topic("metal 3D printing", "metaal-3D-printen", (MATERIALS,), ("additive", "mechanical")),
    Topic("composites", "composieten", (MATERIALS,), ("composites", "mechanical")),
    Topic("welding", "lassen", (FACTORIES,), ("welding",)),
    Topic("robotics", "robotica", (INDUSTRY, AI), ("robotics",)),
    Topic("collaborative robots", "coboten", (INDUSTRY,), ("robotics", "vision")),
    Topic("machine vision", "machinevisie", (AI, INDUSTRY), ("vision",)),
    Topic("battery cells", "batterijcellen", (ENERGY,), ("battery",)),
    Topic("battery testing", "batterijtesten", (ENERGY,), ("battery", "mechanical")),
    Topic("hydrogen", "waterstof", (ENERGY,), ("hydrogen",)),
    Topic("electrolysers", "elektrolysers", (ENERGY,), ("hydrogen",)),
    Topic("fuel cells", "brandstofcellen", (ENERGY,), ("hydrogen",)),
    Topic("power electronics", "vermogenselektronica", (ENERGY, FLEX), ("electronics",)),
    Topic("solar cells", "zonnecellen", (ENERGY, FLEX), ("cleanroom", "energy")),
    Topic("wind energy", "windenergie", (ENERGY, BLUE), ("energy", "mechanical")),
    Topic("heat pumps", "warmtepompen", (ENERGY,), ("energy",)),
    Topic("microscopy", "microscopie", (LIFE, MATERIALS), ("microscopy",)),
    Topic("electron microscopy", "elektronenmicroscopie", (MATERIALS,), ("microscopy",)),
    Topic("materials characterisation", "materiaalkarakterisering", (MATERIALS,), ("analysis", "microscopy")),
    Topic("thin films", "dunne lagen", (MATERIALS, FLEX), ("cleanroom",)),
    Topic("semiconductors", "halfgeleiders", (FLEX,), ("cleanroom",)),
    Topic("MEMS", "MEMS", (FLEX,), ("cleanroom",)),
    Topic("printed electronics", "geprinte elektronica", (FLEX,), ("printed",)),
    Topic("flexible displays", "flexibele displays", (FLEX,), ("printed",)),
    Topic("sensors", "sensoren", (FLEX, INDUSTRY), ("electronics",)),
    Topic("nanomaterials", "nanomaterialen", (MATERIALS,), ("analysis",)),
    Topic("polymers", "polymeren", (MATERIALS, CIRCULAR), ("analysis", "moulding")),
    Topic("surface engineering", "oppervlaktetechniek", (MATERIALS,), ("cleanroom", "analysis")),
    Topic("coatings", "coatings", (MATERIALS,), ("analysis",)),
    Topic("food processing", "voedselverwerking", (AGRIFOOD,), ("food",)),
    Topic("bioprocessing", "bioprocestechnologie", (LIFE, AGRIFOOD), ("bio",)),
    Topic("cell culture", "celkweek", (LIFE,), ("bio",)),
    Topic("genomics", "genomica", (LIFE,), ("bio",)),
    Topic("medical imaging", "medische beeldvorming", (LIFE, AI), ("imaging",)),
    Topic("medical devices", "medische hulpmiddelen", (LIFE,), ("additive", "mechanical")),
    Topic("drones", "drones", (AI, BLUE), ("drones",)),
    Topic("autonomous vehicles", "autonome voertuigen", (AI, INDUSTRY), ("vision", "computing")),
    Topic("machine learning", "machinaal leren", (AI,), ("computing",)),
    Topic("high-performance computing", "high-performance computing", (AI,), ("computing",)),
    Topic("digital twins", "digitale tweelingen", (INDUSTRY, AI), ("computing",)),
    Topic("cybersecurity", "cyberbeveiliging", (AI,), ("computing",)),
    Topic("5G networks", "5G-netwerken", (INDUSTRY,), ("electronics",)),
    Topic("vibration testing", "trillingstesten", (FACTORIES,), ("mechanical",)),
    Topic("non-destructive testing", "niet-destructief onderzoek", (FACTORIES, MATERIALS), ("mechanical",)),
    Topic("precision machining", "precisiebewerking", (FACTORIES,), ("machining",)),
    Topic("injection moulding", "spuitgieten", (FACTORIES, CIRCULAR), ("moulding",)),
    Topic("recycling", "recyclage", (CIRCULAR,), ("analysis",)),
    Topic("circular plastics", "circulaire kunststoffen", (CIRCULAR,), ("moulding",)),
    Topic("textiles", "textiel", (MATERIALS, CIRCULAR), ("analysis",)),
    Topic("packaging", "verpakkingen", (AGRIFOOD, CIRCULAR), ("moulding",)),
    Topic("water treatment", "waterzuivering", (BLUE, CIRCULAR), ("water",)),
    Topic("aquaculture", "aquacultuur", (BLUE, AGRIFOOD), ("water",)),
    Topic("precision agriculture", "precisielandbouw", (AGRIFOOD, AI), ("drones",)),
    Topic("greenhouse horticulture", "glastuinbouw", (AGRIFOOD,), ("energy",)),
    Topic("offshore engineering", "offshoretechniek", (BLUE,), ("mechanical",)),
]


class Instrument(NamedTuple):
    name_en: str
    name_nl: str
    makes: tuple  # (manufacturer, model) pairs


Ins = Instrument
EQUIPMENT = {
    "laser": [
        Ins("Disk laser", "Schijflaser", (("TRUMPF", "TruDisk 6001"), ("TRUMPF", "TruDisk 12001"))),
        Ins("Fibre laser", "Fiberlaser",
          (("IPG Photonics", "YLS-6000"), ("IPG Photonics", "YLR-1000"), ("nLIGHT", "AFX-2000"))),
        Ins("Femtosecond laser", "Femtosecondelaser",
          (("Light Conversion", "PHAROS"), ("Coherent", "Monaco 1035"), ("Amplitude", "Satsuma"))),
        Ins("Laser cutting machine", "Lasersnijmachine",
          (("TRUMPF", "TruLaser 3030 fiber"), ("Bystronic", "ByStar Fiber 3015"))),
        Ins("Picosecond laser micromachining station", "Picosecondelaser-microbewerkingsstation",
          (("TRUMPF", "TruMicro 5080"), ("Coherent", "HyperRapid NXT"))),
        Ins("Galvanometer laser scanner", "Galvanometer-laserscanner",
          (("SCANLAB", "intelliSCAN 14"), ("RAYLASE", "AXIALSCAN-30"))),
        Ins("Beam profiler", "Bundelprofielmeter", (("Ophir", "BeamGage"), ("Thorlabs", "BP209-VIS"))),
    ],
    "welding": [
        Ins("Welding robot cell", "Lasrobotcel",
          (("FANUC", "ARC Mate 120iD"), ("ABB", "IRB 1660ID"), ("Yaskawa", "Motoman AR1440"))),
        Ins("Welding power source", "Lasstroombron",
          (("Fronius", "TPS 500i"), ("Lincoln Electric", "Power Wave S500"), ("ESAB", "Warrior 500i"))),
        Ins("Friction stir welding machine", "Wrijvingsroerlasmachine", (("ESAB", "LEGIO 5UT"),)),
        Ins("Laser welding head", "Laserlaskop", (("Precitec", "YW52"), ("TRUMPF", "BEO D70"))),
        Ins("Ultrasonic welder", "Ultrasoonlasser",
          (("Branson", "GSX-E1"), ("Herrmann Ultraschall", "HiQ DIALOG"))),
    ],
    "additive": [
        Ins("Metal powder bed fusion printer", "Metaalpoederbedprinter",
          (("EOS", "M 290"), ("EOS", "M 400-4"), ("SLM Solutions", "SLM 280"), ("Renishaw", "RenAM 500Q"),
           ("TRUMPF", "TruPrint 1000"))),
        Ins("Polymer powder bed printer", "Polymeerpoederbedprinter",
          (("EOS", "P 396"), ("HP", "Jet Fusion 5200"))),
        Ins("FDM printer", "FDM-printer", (("Stratasys", "F900"), ("UltiMaker", "S5"), ("Markforged", "X7"))),
        Ins("Resin printer", "Harsprinter", (("Formlabs", "Form 3L"), ("Stratasys", "J850"))),
        Ins("Directed energy deposition system", "DED-installatie",
          (("DMG MORI", "LASERTEC 65 DED hybrid"), ("BeAM", "Modulo 400"))),
        Ins("Binder jetting printer", "Binder-jettingprinter",
          (("ExOne", "X1 25PRO"), ("Desktop Metal", "Shop System"))),
    ],
    "microscopy": [
        Ins("Scanning electron microscope", "Rasterelektronenmicroscoop",
          (("ZEISS", "GeminiSEM 500"), ("Thermo Fisher Scientific", "Apreo 2"), ("Hitachi", "SU5000"),
           ("JEOL", "JSM-IT800"))),
        Ins("Transmission electron microscope", "Transmissie-elektronenmicroscoop",
          (("Thermo Fisher Scientific", "Talos F200X"), ("JEOL", "JEM-ARM200F"))),
        Ins("Focused ion beam SEM", "FIB-SEM",
          (("Thermo Fisher Scientific", "Helios 5 UX"), ("ZEISS", "Crossbeam 550"))),
        Ins("Confocal laser scanning microscope", "Confocale laserscanmicroscoop",
          (("ZEISS", "LSM 980"), ("Leica Microsystems", "STELLARIS 8"), ("Nikon", "AX R"))),
        Ins("Atomic force microscope", "Atoomkrachtmicroscoop",
          (("Bruker", "Dimension Icon"), ("Park Systems", "NX20"))),
        Ins("Digital microscope", "Digitale microscoop", (("Keyence", "VHX-7000"), ("Evident", "DSX1000"))),
    ],
    "analysis": [
        Ins("X-ray diffractometer", "Röntgendiffractometer",
          (("Bruker", "D8 ADVANCE"), ("Malvern Panalytical", "Empyrean"), ("Rigaku", "SmartLab"))),
        Ins("X-ray photoelectron spectrometer", "Röntgenfoto-elektronspectrometer",
          (("Thermo Fisher Scientific", "Nexsa G2"), ("Kratos", "AXIS Supra+"))),
        Ins("FTIR spectrometer", "FTIR-spectrometer", (("PerkinElmer", "Spectrum 3"), ("Bruker", "INVENIO"))),
        Ins("Raman microscope", "Ramanmicroscoop",
          (("HORIBA", "LabRAM HR Evolution"), ("Renishaw", "inVia Qontor"))),
        Ins("Simultaneous thermal analyser", "Simultane thermische analyser",
          (("NETZSCH", "STA 449 F3 Jupiter"), ("TA Instruments", "SDT 650"))),
        Ins("Differential scanning calorimeter", "Differentiële scanningcalorimeter",
          (("TA Instruments", "Discovery DSC 2500"), ("METTLER TOLEDO", "DSC 3"))),
        Ins("Rheometer", "Reometer", (("Anton Paar", "MCR 302e"), ("TA Instruments", "Discovery HR 30"))),
        Ins("Laser diffraction particle size analyser", "Laserdiffractie-deeltjesgrootteanalyser",
          (("Malvern Panalytical", "Mastersizer 3000"),)),
        Ins("Gas chromatograph-mass spectrometer", "Gaschromatograaf-massaspectrometer",
          (("Agilent", "8890/5977B"), ("Shimadzu", "GCMS-QP2020 NX"))),
    ],
    "cleanroom": [
        Ins("Mask aligner", "Maskeruitlijner", (("SUSS MicroTec", "MA6 Gen4"), ("EV Group", "EVG 610"))),
        Ins("Maskless laser lithography system", "Maskerloos laserlithografiesysteem",
          (("Heidelberg Instruments", "MLA 150"), ("Heidelberg Instruments", "DWL 66+"))),
        Ins("Electron beam lithography system", "Elektronenbundellithografiesysteem",
          (("Raith", "EBPG 5200"), ("JEOL", "JBX-8100FS"))),
        Ins("Plasma etcher", "Plasma-etser",
          (("Oxford Instruments", "PlasmaPro 100 Cobra"), ("SPTS", "Omega"))),
        Ins("Atomic layer deposition reactor", "ALD-reactor",
          (("Picosun", "R-200 Advanced"), ("Beneq", "TFS 200"), ("Oxford Instruments", "FlexAL"))),
        Ins("Sputter deposition system", "Sputterdepositiesysteem",
          (("AJA International", "ATC Orion 8"), ("Kurt J. Lesker", "PVD 75"))),
        Ins("Wafer dicing saw", "Waferzaag", (("DISCO", "DAD3350"),)),
        Ins("Wire bonder", "Draadbonder", (("F&S Bondtec", "56i"), ("Kulicke & Soffa", "Asterion"))),
        Ins("Spectroscopic ellipsometer", "Spectroscopische ellipsometer", (("J.A. Woollam", "M-2000"),)),
    ],
    "mechanical": [
        Ins("Universal testing machine", "Universele trekbank",
          (("ZwickRoell", "Z250"), ("Instron", "5985"), ("MTS", "Criterion 45"))),
        Ins("Servo-hydraulic fatigue tester", "Servohydraulische vermoeiingsbank",
          (("Instron", "8802"), ("MTS", "Landmark 370"))),
        Ins("Industrial CT scanner", "Industriële CT-scanner",
          (("ZEISS", "METROTOM 1500"), ("Nikon", "XT H 225 ST"),
           ("Waygate Technologies", "phoenix v|tome|x m"))),
        Ins("Coordinate measuring machine", "Coördinatenmeetmachine",
          (("ZEISS", "CONTURA"), ("Hexagon", "Leitz PMM-C"))),
        Ins("3D optical scanner", "Optische 3D-scanner", (("ZEISS", "ATOS Q"), ("Creaform", "HandySCAN 3D"))),
        Ins("Electrodynamic shaker", "Elektrodynamische trilbank",
          (("Brüel & Kjær", "LDS V8900"), ("Unholtz-Dickie", "T2000"))),
        Ins("Scanning laser vibrometer", "Scannende laservibrometer", (("Polytec", "PSV-500"),)),
        Ins("Laser tracker", "Lasertracker",
          (("Leica Geosystems", "Absolute Tracker AT960"), ("FARO", "Vantage"))),
        Ins("Phased-array ultrasonic tester", "Phased-array-ultrasoontester", (("Evident", "OmniScan X3"),)),
        Ins("Climate chamber", "Klimaatkamer",
          (("Weiss Technik", "ClimeEvent"), ("ESPEC", "PL-3KPH"), ("BINDER", "MKF 240"))),
    ],
    "machining": [
        Ins("5-axis milling centre", "5-assig freescentrum",
          (("DMG MORI", "DMU 65 monoBLOCK"), ("Hermle", "C 42 U"), ("Mazak", "VARIAXIS i-700"))),
        Ins("Mill-turn centre", "Draai-freescentrum",
            (("Mazak", "INTEGREX i-200"), ("DMG MORI", "NTX 1000"))),
        Ins("Wire EDM machine", "Draadvonkmachine",
          (("GF Machining Solutions", "CUT P 550"), ("Sodick", "ALC400G"))),
        Ins("Ultra-precision machining centre", "Ultraprecisie-bewerkingscentrum",
          (("KERN", "Micro HD"), ("Moore Nanotech", "250UPL"))),
        Ins("Cylindrical grinding machine", "Rondslijpmachine", (("STUDER", "S33"),)),
    ],
    "composites": [
        Ins("Autoclave", "Autoclaaf", (("ASC Process Systems", "Econoclave"),)),
        Ins("Automated fibre placement robot", "Robot voor automatische vezelplaatsing",
          (("Coriolis Composites", "C1"),)),
        Ins("Compression moulding press", "Persvormpers", (("Dieffenbacher", "CompressPlus"),)),
        Ins("Filament winding machine", "Filamentwikkelmachine", (("Mikrosam", "MAW 20 LS4"),)),
    ],
    "moulding": [
        Ins("Injection moulding machine", "Spuitgietmachine",
          (("ENGEL", "victory 200"), ("ARBURG", "ALLROUNDER 470 E"), ("KraussMaffei", "CX 160"))),
        Ins("Twin-screw extruder", "Dubbelschroefsextruder",
          (("Coperion", "ZSK 26 Mc18"), ("Leistritz", "ZSE 27 MAXX"),
           ("Thermo Fisher Scientific", "Process 11"))),
        Ins("Thermoforming machine", "Thermovormmachine", (("ILLIG", "RDM 54K"), ("KIEFEL", "KMD 78"))),
    ],
    "battery": [
        Ins("Battery cycler", "Batterijcycler",
          (("Arbin", "LBT21084"), ("Maccor", "Series 4000"), ("BioLogic", "BCS-815"))),
        Ins("Potentiostat", "Potentiostaat", (("BioLogic", "VMP-300"), ("Gamry", "Interface 1010E"))),
        Ins("Argon glovebox", "Argonhandschoenkast", (("MBRAUN", "LABstar"), ("Inert", "PureLab HE"))),
        Ins("Battery abuse test chamber", "Testkamer voor misbruiktesten van batterijen",
          (("ESPEC", "BTZ-475"),)),
        Ins("Electrode film coater", "Elektrodecoater", (("MTI Corporation", "MSK-AFA-III"),)),
    ],
    "hydrogen": [
        Ins("PEM electrolyser", "PEM-elektrolyser",
          (("Nel Hydrogen", "MC250"), ("Siemens Energy", "Silyzer 200"), ("Cummins", "HyLYZER 500"))),
        Ins("Alkaline electrolyser", "Alkalische elektrolyser",
          (("John Cockerill", "DQ500"), ("McPhy", "McLyzer 800-30"))),
        Ins("Fuel cell test station", "Brandstofceltestbank",
          (("Greenlight Innovation", "G60"), ("Scribner", "850e"))),
        Ins("Hydrogen compressor", "Waterstofcompressor", (("Maximator", "DLE 75-2"),)),
    ],
    "robotics": [
        Ins("Collaborative robot", "Cobot",
          (("Universal Robots", "UR10e"), ("KUKA", "LBR iiwa 14"), ("Franka Robotics", "FR3"),
           ("ABB", "GoFa CRB 15000"))),
        Ins("Industrial robot", "Industriële robot",
          (("KUKA", "KR 210 R2700-2"), ("FANUC", "M-20iD/25"), ("ABB", "IRB 6700"))),
        Ins("Autonomous mobile robot", "Autonome mobiele robot",
          (("MiR", "MiR250"), ("Boston Dynamics", "Spot"))),
        Ins("Motion capture system", "Motion-capturesysteem",
            (("Vicon", "Vero"), ("OptiTrack", "PrimeX 22"))),
        Ins("Dual-arm robot", "Tweearmige robot", (("ABB", "YuMi IRB 14000"),)),
    ],
    "vision": [
        Ins("Industrial camera", "Industriële camera",
            (("Basler", "ace 2"), ("Allied Vision", "Alvium 1800"))),
        Ins("Smart vision sensor", "Slimme visiesensor", (("Cognex", "In-Sight 9000"), ("Keyence", "CV-X"))),
        Ins("Hyperspectral camera", "Hyperspectrale camera",
          (("Specim", "FX17"), ("Headwall", "Nano-Hyperspec"))),
        Ins("Lidar sensor", "Lidarsensor", (("Ouster", "OS1-128"), ("Velodyne", "VLS-128"))),
        Ins("Depth camera", "Dieptecamera", (("Intel", "RealSense D455"),)),
    ],
    "computing": [
        Ins("GPU server", "GPU-server",
          (("NVIDIA", "DGX H100"), ("Dell", "PowerEdge XE9680"), ("Lenovo", "ThinkSystem SR675 V3"))),
        Ins("HPC cluster", "HPC-cluster",
          (("HPE", "Cray EX"), ("Lenovo", "ThinkSystem SD650 V3"), ("Eviden", "BullSequana XH3000"))),
        Ins("Edge computing module", "Edgecomputingmodule", (("NVIDIA", "Jetson AGX Orin"),)),
    ],
    "electronics": [
        Ins("Oscilloscope", "Oscilloscoop",
          (("Keysight", "Infiniium UXR"), ("Tektronix", "MSO64B"), ("Rohde & Schwarz", "RTO6"))),
        Ins("Vector network analyser", "Vectornetwerkanalyser",
          (("Rohde & Schwarz", "ZNA"), ("Keysight", "PNA-X"))),
        Ins("Signal and spectrum analyser", "Signaal- en spectrumanalyser",
          (("Rohde & Schwarz", "FSW"), ("Keysight", "N9040B UXA"))),
        Ins("Anechoic chamber", "Echovrije kamer", (("ETS-Lindgren", "AMS-8700"), ("Frankonia", "SAC-3"))),
        Ins("EMC immunity test system", "EMC-immuniteitstestsysteem",
          (("Teseq", "NSG 3060"), ("EM Test", "UCS 500N"))),
        Ins("Power analyser", "Vermogensanalyser", (("Yokogawa", "WT5000"), ("ZES ZIMMER", "LMG671"))),
        Ins("Regenerative grid simulator", "Regeneratieve netsimulator",
          (("Regatron", "TC.ACS"), ("Chroma", "61800"))),
    ],
    "printed": [
        Ins("Inkjet printer for functional inks", "Inkjetprinter voor functionele inkten",
          (("Fujifilm Dimatix", "DMP-2850"), ("Notion Systems", "n.jet lab"))),
        Ins("Aerosol jet printer", "Aerosol-jetprinter", (("Optomec", "Aerosol Jet 5X"),)),
        Ins("Roll-to-roll coating line", "Rol-tot-rolcoatinglijn",
          (("Coatema", "Click&Coat"), ("Coatema", "Smartcoater"))),
        Ins("Screen printer", "Zeefdrukmachine", (("EKRA", "E2"), ("ASYS", "EKRA SERIO 4000"))),
        Ins("Photonic curing system", "Fotonisch uithardingssysteem", (("NovaCentrix", "PulseForge 1300"),)),
    ],
    "bio": [
        Ins("Bioreactor", "Bioreactor",
          (("Sartorius", "Biostat STR 50"), ("Eppendorf", "BioFlo 320"), ("Getinge", "Applikon ez-Control"))),
        Ins("Next-generation sequencer", "Next-generation sequencer",
          (("Illumina", "NovaSeq 6000"), ("Illumina", "NextSeq 2000"), ("Oxford Nanopore", "PromethION 24"))),
        Ins("Cell sorter", "Celsorteerder", (("BD Biosciences", "FACSAria Fusion"), ("Sony", "MA900"))),
        Ins("High-resolution mass spectrometer", "Hogeresolutie-massaspectrometer",
          (("Thermo Fisher Scientific", "Orbitrap Exploris 480"), ("Bruker", "timsTOF Pro 2"))),
        Ins("Liquid handling robot", "Pipetteerrobot",
          (("Tecan", "Fluent 780"), ("Hamilton", "Microlab STAR"))),
        Ins("Ultracentrifuge", "Ultracentrifuge", (("Beckman Coulter", "Optima XPN-100"),)),
        Ins("NMR spectrometer", "NMR-spectrometer", (("Bruker", "AVANCE NEO 600"),)),
    ],
    "food": [
        Ins("Pilot spray dryer", "Pilootsproeidroger", (("GEA", "Niro Mobile Minor"), ("BÜCHI", "B-290"))),
        Ins("Food extruder", "Voedingsextruder", (("Clextral", "Evolum 25"),)),
        Ins("High-pressure processing unit", "Hogedrukpasteurisatie-installatie",
          (("Hiperbaric", "Hiperbaric 55"),)),
        Ins("Freeze dryer", "Vriesdroger", (("Martin Christ", "Epsilon 2-10D"), ("GEA", "LYOVAC FCM"))),
        Ins("Texture analyser", "Textuuranalyser", (("Stable Micro Systems", "TA.XTplus"),)),
    ],
    "imaging": [
        Ins("MRI scanner", "MRI-scanner",
          (("Siemens Healthineers", "MAGNETOM Prisma"), ("Philips", "Ingenia Elition X"),
           ("GE HealthCare", "SIGNA Premier"))),
        Ins("Micro-CT scanner", "Micro-CT-scanner", (("Bruker", "SkyScan 1276"),)),
        Ins("Ultrasound research system", "Ultrasoon-onderzoekssysteem", (("Verasonics", "Vantage 256"),)),
    ],
    "drones": [
        Ins("Survey drone", "Karteringsdrone",
          (("DJI", "Matrice 350 RTK"), ("AgEagle", "eBee X"), ("Parrot", "ANAFI USA"))),
        Ins("Multispectral camera", "Multispectrale camera", (("MicaSense", "RedEdge-P"),)),
        Ins("Drone detection radar", "Droneradar", (("Robin Radar", "IRIS"),)),
    ],
    "energy": [
        Ins("Solar simulator", "Zonnesimulator", (("Newport", "Oriel Sol3A"), ("WAVELABS", "SINUS-220"))),
        Ins("PV array simulator", "PV-simulator", (("Keysight", "N8937APV"),)),
        Ins("Thermal imaging camera", "Warmtebeeldcamera",
          (("Teledyne FLIR", "T1020"), ("InfraTec", "ImageIR 9400"))),
        Ins("Real-time grid simulator", "Realtime netsimulator",
          (("OPAL-RT", "OP5707XG"), ("RTDS Technologies", "NovaCor"))),
    ],
    "water": [
        Ins("Water quality sonde", "Multiparametersonde voor waterkwaliteit",
          (("YSI", "EXO2"), ("Hach", "Hydrolab HL7"))),
        Ins("Total organic carbon analyser", "TOC-analyser",
            (("Shimadzu", "TOC-L"), ("Veolia", "Sievers M9"))),
        Ins("UV disinfection pilot unit", "Pilot-uv-desinfectie-eenheid", (("Xylem", "Wedeco Spektron"),)),
        Ins("Wave flume", "Golfgoot", (("Edinburgh Designs", "Wavemaker"),)),
    ],
}  # fmt: skip

# How each kind of infrastructure is named: English (title, lower case), Dutch (title, lower case), and
# the share of entries of that kind.
KINDS = {
    "lab": ("Lab", "lab", "Lab voor", "lab", 30),
    "pilot_line": ("Pilot Line", "pilot line", "Pilootlijn voor", "pilootlijn", 12),
    "test_bed": ("Test Bed", "test bed", "Testomgeving voor", "testomgeving", 14),
    "open_field_lab": ("Field Lab", "field lab", "Fieldlab", "fieldlab", 5),
    "living_lab": ("Living Lab", "living lab", "Living lab", "living lab", 6),
    "demonstrator": ("Demonstrator", "demonstrator", "Demonstrator voor", "demonstrator", 8),
    "mobile_lab": ("Mobile Lab", "mobile lab", "Mobiel lab voor", "mobiel lab", 3),
    "cleanroom": ("Cleanroom", "cleanroom", "Cleanroom voor", "cleanroom", 7),
    "shared_equipment": (
        "Shared Facility",
        "shared facility",
        "Gedeelde faciliteit voor",
        "gedeelde faciliteit",
        15,
    ),
}

SECTORS = [
    ("automotive", "de automobielsector"),
    ("aerospace", "de luchtvaart"),
    ("medical technology", "de medische technologie"),
    ("machine building", "de machinebouw"),
    ("food", "de voedingsindustrie"),
    ("energy", "de energiesector"),
    ("chemicals", "de chemie"),
    ("construction", "de bouw"),
    ("electronics", "de elektronica"),
    ("maritime", "de maritieme sector"),
    ("textiles", "de textielindustrie"),
    ("packaging", "de verpakkingsindustrie"),
    ("pharmaceuticals", "de farmaceutische industrie"),
    ("semiconductors", "de halfgeleiderindustrie"),
    ("logistics", "de logistiek"),
]

SERVICES = [
    ("feasibility studies", "haalbaarheidsstudies"),
    ("prototyping", "prototyping"),
    ("process development", "procesontwikkeling"),
    ("testing and certification support", "testen en ondersteuning bij certificering"),
    ("training", "opleiding"),
    ("small-series production", "kleinseriële productie"),
    ("contract research", "contractonderzoek"),
    ("failure analysis", "faalanalyse"),
    ("technology scouting", "technologieverkenning"),
    ("design for manufacturing", "productiegericht ontwerp"),
    ("measurements on demand", "metingen op aanvraag"),
]

# Summaries: {kind}, {topic}, {topic2}, {sector}, {trl_min}, {trl_max}; the TRL ones only with a TRL.
# The first letter is made a capital.
SUMMARIES = [
    ("A {kind} where companies develop and test {topic}, from first trials to pre-series production.",
     "Een {kind} waar bedrijven {topic} ontwikkelen en testen, van eerste proeven tot voorseries."),
    ("Open {kind} for {topic} and {topic2}: feasibility studies, prototypes and process development.",
     "Open {kind} voor {topic} en {topic2}: haalbaarheidsstudies, prototypes en procesontwikkeling."),
    ("Companies test {topic} on industrial equipment with the help of our engineers.",
     "Bedrijven testen {topic} op industriële apparatuur, begeleid door onze ingenieurs."),
    ("{topic} for {sector}: from idea to validated prototype.",
     "{topic} voor {sector}: van idee tot gevalideerd prototype."),
]  # fmt: skip
TRL_SUMMARIES = [
    (
        "Shared equipment and expertise for {topic}, for SMEs and larger companies, "
        "at TRL {trl_min} to {trl_max}.",
        "Gedeelde apparatuur en expertise voor {topic}, voor kmo's en grote bedrijven, "
        "op TRL {trl_min} tot {trl_max}.",
    ),
]

CLOSINGS = [
    ("SMEs can use an innovation voucher to cover part of the costs.",
     "Kmo's kunnen een innovatievoucher inzetten voor een deel van de kosten."),
    ("A first meeting to scope the work is free of charge.",
     "Een eerste gesprek om de vraag af te bakenen is gratis."),
    ("Companies can work on site with our engineers or send samples.",
     "Bedrijven werken ter plaatse met onze ingenieurs of sturen stalen op."),
    ("The facility is part of a European network of research infrastructures.",
     "De faciliteit maakt deel uit van een Europees netwerk van onderzoeksinfrastructuren."),
    ("Results stay with the company; publications are agreed in advance.",
     "De resultaten blijven bij het bedrijf; publicaties worden vooraf afgesproken."),
]  # fmt: skip

# Organisations: fields they work in, and how each kind is named ({field}, {city}, {surname}, {word},
# {legal}); English, Dutch.
FIELDS = [
    ("Photonics", "fotonica"),
    ("Materials Research", "materiaalonderzoek"),
    ("Applied Physics", "toegepaste fysica"),
    ("Manufacturing Technology", "productietechnologie"),
    ("Energy Research", "energieonderzoek"),
    ("Microelectronics", "micro-elektronica"),
    ("Biotechnology", "biotechnologie"),
    ("Mechatronics", "mechatronica"),
    ("Chemical Engineering", "chemische technologie"),
    ("Food Technology", "voedingstechnologie"),
    ("Robotics", "robotica"),
    ("Artificial Intelligence", "artificiële intelligentie"),
    ("Marine Technology", "maritieme technologie"),
    ("Polymer Science", "polymeerwetenschappen"),
    ("Sustainable Chemistry", "duurzame chemie"),
]

ORGANISATION_NAMES = {
    "research_centre": [
        ("{field} Research Centre {city}", "Onderzoekscentrum {field} {city}"),
        ("{city} Institute for {field}", "Instituut voor {field} {city}"),
        ("{city} Technology Centre", "Technologiecentrum {city}"),
    ],
    "university": [
        ("University of {city}", "Universiteit van {city}"),
        ("{city} University of Technology", "Technische Universiteit {city}"),
        ("{city} University of Applied Sciences", "Hogeschool {city}"),
    ],
    "university_lab": [
        ("{field} Lab, University of {city}", "Labo {field}, Universiteit van {city}"),
        (
            "{field} Group, {city} University of Technology",
            "Onderzoeksgroep {field}, Technische Universiteit {city}",
        ),
    ],
    "company": [("{surname} {word} {legal}", "{surname} {word} {legal}")],
    "development_agency": [
        ("{city} Regional Development Agency", "Regionale ontwikkelingsmaatschappij {city}"),
        ("Invest in {city}", "Invest in {city}"),
    ],
    "industry_association": [
        ("{field} Cluster {city}", "Cluster {field} {city}"),
        ("{city} {field} Industry Network", "Industrienetwerk {field} {city}"),
    ],
    "public_body": [
        ("{city} Science Park", "Wetenschapspark {city}"),
        ("{city} Innovation Hub", "Innovatiehub {city}"),
    ],
}  # fmt: skip
ORGANISATION_KINDS = {
    "research_centre": 25,
    "university": 12,
    "university_lab": 20,
    "company": 28,
    "development_agency": 5,
    "industry_association": 5,
    "public_body": 5,
}
COMPANY_WORDS = [
    "Photonics", "Lasertech", "Robotics", "Materials", "Systems", "Engineering", "Technologies",
    "Instruments", "Precision", "Additive", "Energy", "Biotech", "Analytics", "Coatings", "Composites",
]  # fmt: skip
# Common surnames by country (for company names) and the country's usual form of limited company.
SURNAMES = {
    "AT": ("Gruber", "Huber", "Wagner"), "BE": ("Peeters", "Janssens", "Dubois"),
    "BG": ("Ivanov", "Georgiev", "Dimitrov"), "CH": ("Müller", "Meier", "Favre"),
    "CY": ("Georgiou", "Ioannou", "Charalambous"), "CZ": ("Novák", "Svoboda", "Dvořák"),
    "DE": ("Müller", "Schmidt", "Fischer", "Becker"), "DK": ("Nielsen", "Jensen", "Hansen"),
    "EE": ("Tamm", "Saar", "Sepp"), "ES": ("García", "Fernández", "Martínez", "Etxeberria"),
    "FI": ("Virtanen", "Korhonen", "Mäkinen"), "FR": ("Martin", "Bernard", "Moreau", "Lefèvre"),
    "GR": ("Papadopoulos", "Nikolaidis", "Georgiou"), "HR": ("Horvat", "Kovačević", "Babić"),
    "HU": ("Nagy", "Kovács", "Tóth"), "IE": ("Murphy", "Kelly", "Walsh"),
    "IT": ("Rossi", "Bianchi", "Ferrari", "Colombo"), "LT": ("Kazlauskas", "Petrauskas", "Jankauskas"),
    "LU": ("Schmit", "Muller", "Weber"), "LV": ("Bērziņš", "Kalniņš", "Ozoliņš"),
    "MT": ("Borg", "Camilleri", "Vella"), "NL": ("De Vries", "Bakker", "Visser", "Jansen"),
    "NO": ("Hansen", "Johansen", "Olsen"), "PL": ("Nowak", "Kowalski", "Wiśniewski"),
    "PT": ("Silva", "Santos", "Ferreira"), "RO": ("Popescu", "Ionescu", "Dumitrescu"),
    "SE": ("Andersson", "Johansson", "Lindberg"), "SI": ("Novak", "Horvat", "Kovačič"),
    "SK": ("Horváth", "Kováč", "Varga"),
}  # fmt: skip
LEGAL_FORMS = {
    "AT": "GmbH", "BE": "NV", "BG": "EOOD", "CH": "AG", "CY": "Ltd", "CZ": "s.r.o.", "DE": "GmbH",
    "DK": "A/S", "EE": "OÜ", "ES": "S.L.", "FI": "Oy", "FR": "SAS", "GR": "S.A.", "HR": "d.o.o.",
    "HU": "Kft.", "IE": "Ltd", "IT": "S.p.A.", "LT": "UAB", "LU": "S.à r.l.", "LV": "SIA", "MT": "Ltd",
    "NL": "B.V.", "NO": "AS", "PL": "Sp. z o.o.", "PT": "Lda.", "RO": "S.R.L.", "SE": "AB", "SI": "d.o.o.",
    "SK": "s.r.o.",
}  # fmt: skip

# Access terms, English and Dutch.
ELIGIBILITY = [
    ("Companies of any size; SMEs get priority.", "Bedrijven van elke grootte; kmo's krijgen voorrang."),
    ("Companies and research organisations from the EU.", "Bedrijven en onderzoeksorganisaties uit de EU."),
    ("SMEs from the region, with an innovation voucher.", "Kmo's uit de regio, met een innovatievoucher."),
    ("Members of the consortium and external companies.", "Leden van het consortium en externe bedrijven."),
]
PRICE_NOTES = [
    (
        "Prices depend on the duration and the support needed.",
        "Prijzen hangen af van de duur en de nodige ondersteuning.",
    ),
    ("Members pay a reduced rate.", "Leden betalen een verlaagd tarief."),
    ("A quote follows a first technical meeting.", "Een offerte volgt op een eerste technisch gesprek."),
]
TRAINING_TERMS = [
    (
        "Users follow a safety training before their first use.",
        "Gebruikers volgen een veiligheidsopleiding vóór het eerste gebruik.",
    ),
    (
        "Our staff train the company's operators on site.",
        "Onze medewerkers leiden de operatoren van het bedrijf ter plaatse op.",
    ),
]
IP_TERMS = [
    (
        "The company keeps the intellectual property of its results.",
        "Het bedrijf behoudt de intellectuele eigendom van zijn resultaten.",
    ),
    (
        "Intellectual property is agreed per project.",
        "De intellectuele eigendom wordt per project afgesproken.",
    ),
]
CONFIDENTIALITY_TERMS = [
    (
        "A confidentiality agreement is signed before the work starts.",
        "Voor de start wordt een geheimhoudingsovereenkomst getekend.",
    ),
]

# Funding programmes without a region, made when missing (their slug is their English name's):
# English, Dutch, kind; all run from 2021 to 2027.
PROGRAMMES = [
    ("Horizon Europe", "Horizon Europe", "eu_framework"),
    ("Digital Europe Programme", "Programma Digitaal Europa", "eu_framework"),
    ("Interreg North-West Europe 2021-2027", "Interreg Noordwest-Europa 2021-2027", "interreg"),
    ("Interreg Europe 2021-2027", "Interreg Europe 2021-2027", "interreg"),
    ("Interreg North Sea 2021-2027", "Interreg Noordzee 2021-2027", "interreg"),
    ("Interreg Central Europe 2021-2027", "Interreg Centraal-Europa 2021-2027", "interreg"),
    ("Interreg Baltic Sea Region 2021-2027", "Interreg Oostzeeregio 2021-2027", "interreg"),
    ("Interreg Alpine Space 2021-2027", "Interreg Alpenruimte 2021-2027", "interreg"),
    ("Interreg Euro-MED 2021-2027", "Interreg Euro-MED 2021-2027", "interreg"),
    ("Interreg Flanders-Netherlands 2021-2027", "Interreg Vlaanderen-Nederland 2021-2027", "interreg"),
]
