package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.steward.protocol.Messages;
import oshi.SystemInfo;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSSession;
import oshi.software.os.OperatingSystem;

/** What the machine is: hardware, operating system, network cards, installed software and who is logged in. */
public final class InventoryCollector {
    private final SystemInfo si;
    private final Supplier<List<Messages.Software>> software;

    public InventoryCollector(SystemInfo si, Supplier<List<Messages.Software>> software) {
        this.si = si;
        this.software = software;
    }

    /** With installed packages from dpkg-query on Linux, none elsewhere. */
    public static InventoryCollector forThisMachine(SystemInfo si) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        return new InventoryCollector(si, linux ? InstalledPackages::list : List::of);
    }

    public Messages.Inventory collect(long seq) {
        HardwareAbstractionLayer hw = si.getHardware();
        OperatingSystem os = si.getOperatingSystem();
        ComputerSystem cs = hw.getComputerSystem();
        List<Messages.Disk> disks = new ArrayList<>();
        for (HWDiskStore d : hw.getDiskStores()) {
            disks.add(new Messages.Disk(d.getName(), d.getModel(), d.getSize()));
        }
        List<Messages.Nic> nics = new ArrayList<>();
        for (NetworkIF n : hw.getNetworkIFs(false)) {
            List<String> addresses = new ArrayList<>(Arrays.asList(n.getIPv4addr()));
            addresses.addAll(Arrays.asList(n.getIPv6addr()));
            nics.add(new Messages.Nic(n.getName(), n.getMacaddr(), addresses));
        }
        TreeSet<String> users = new TreeSet<>();
        for (OSSession s : os.getSessions()) {
            users.add(s.getUserName());
        }
        OperatingSystem.OSVersionInfo v = os.getVersionInfo();
        return new Messages.Inventory(seq, cs.getManufacturer(), cs.getModel(), cs.getSerialNumber(),
                hw.getProcessor().getProcessorIdentifier().getName().strip(), hw.getProcessor().getLogicalProcessorCount(),
                hw.getMemory().getTotal(), os.getFamily(), v.getVersion(), v.getBuildNumber(), System.getProperty("os.version"),
                disks, nics, software.get(), List.copyOf(users));
    }
}
